package dev.switchboard.protocol.presence;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The sgc Presence protocol (subprotocol {@code presence.esegece.com}, also {@code <prefix>presence.esegece.com} as
 * the sgc JavaScript client offers it); the {@link PresenceEngine} does the work. Frames reach each subscriber
 * through {@link #deliverPublication}, since each may carry its own acknowledgment id.
 */
@ApplicationScoped
@Subprotocol(PresenceProtocol.NAME)
public class PresenceProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "presence.esegece.com";

    private PresenceEngine engine;

    /** For the container's client proxy. */
    protected PresenceProtocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the presence engine
     */
    @Inject
    public PresenceProtocol(PresenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onOpen(Connection connection) {
        engine.open(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        engine.received(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.close(CloseCodes.UNSUPPORTED_DATA, "presence messages are text");
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        engine.closed(connection);
    }

    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        engine.deliver(subscriber, publication);
    }
}
