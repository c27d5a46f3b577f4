package dev.switchboard.protocol.wamp;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;

/**
 * The subprotocol handler both WAMP v1 beans extend ({@code wamp} of the specification, {@code WAMP} of sgc): hands
 * each event of a connection to the one {@link WampV1Engine}. Publications are delivered per subscriber, since the
 * publisher's exclude and eligible lists decide per session.
 */
public abstract class WampV1Protocol implements SubprotocolHandler {

    private WampV1Engine engine;

    /** For the container's client proxy. */
    protected WampV1Protocol() {}

    /**
     * Creates the handler.
     *
     * @param engine the WAMP v1 engine
     */
    protected WampV1Protocol(WampV1Engine engine) {
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
        // WAMP v1 messages are JSON text (WAMP v1 §"Transport").
        connection.close(CloseCodes.UNSUPPORTED_DATA, "WAMP v1 takes text messages");
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        engine.closed(connection);
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
