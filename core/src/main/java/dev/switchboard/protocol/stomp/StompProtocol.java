package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The subprotocol handler every STOMP version bean extends: hands each event of a connection to the one
 * {@link StompEngine}. Frames arrive in text or binary WebSocket messages alike; every publication is delivered
 * per subscriber, since each MESSAGE names the subscriber's subscription.
 */
public abstract class StompProtocol implements SubprotocolHandler {

    private StompEngine engine;

    /** For the container's client proxy. */
    protected StompProtocol() {}

    /**
     * Creates the handler.
     *
     * @param engine the STOMP engine
     */
    protected StompProtocol(StompEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onOpen(Connection connection) {
        engine.open(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        engine.received(connection, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        engine.received(connection, message);
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
