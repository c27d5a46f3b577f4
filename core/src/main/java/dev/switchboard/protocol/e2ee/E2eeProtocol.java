package dev.switchboard.protocol.e2ee;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The E2EE relay's subprotocol ({@value E2eeRelay#TOKEN}): hands each connection's events to the {@link E2eeRelay}.
 * Channel publications never reach these connections: the relay speaks to them only with its own frames, so that
 * nothing another protocol publishes can pass for a relayed message.
 */
@ApplicationScoped
@Subprotocol(E2eeRelay.TOKEN)
public class E2eeProtocol extends DelegatingProtocol {

    private static final String TEXT_ONLY = "the relay's frames are JSON text";

    /** For the container's client proxy. */
    protected E2eeProtocol() {}

    /**
     * Creates the handler.
     *
     * @param relay the relay
     */
    @Inject
    public E2eeProtocol(E2eeRelay relay) {
        super(relay::open, relay::received, relay::closed, TEXT_ONLY);
    }

    /** The relay answers a binary frame with its own error frame and keeps the connection, as for any bad frame. */
    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.sendText(E2eeRelay.error(null, "malformed", TEXT_ONLY));
    }
}
