package dev.switchboard.protocol.e2ee;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The E2EE relay's subprotocol ({@value E2eeRelay#TOKEN}): hands each connection's events to the {@link E2eeRelay}.
 * Channel publications never reach these connections: the relay speaks to them only with its own frames, so that
 * nothing another protocol publishes can pass for a relayed message.
 */
@ApplicationScoped
@Subprotocol(E2eeRelay.TOKEN)
public class E2eeProtocol implements SubprotocolHandler {

    private E2eeRelay relay;

    /** For the container's client proxy. */
    protected E2eeProtocol() {}

    /**
     * Creates the handler.
     *
     * @param relay the relay
     */
    @Inject
    public E2eeProtocol(E2eeRelay relay) {
        this.relay = relay;
    }

    @Override
    public void onOpen(Connection connection) {
        relay.open(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        relay.received(connection, message);
    }

    @Override
    public void onBinary(Connection connection, java.nio.ByteBuffer message) {
        connection.sendText(E2eeRelay.error(null, "malformed", "the relay's frames are JSON text"));
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        relay.closed(connection);
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        // Publications are not relay frames: see the class comment.
    }
}
