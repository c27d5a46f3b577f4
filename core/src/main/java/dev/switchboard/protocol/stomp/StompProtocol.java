package dev.switchboard.protocol.stomp;

import dev.switchboard.protocol.DelegatingProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The subprotocol handler every STOMP version bean extends: hands each event of a connection to the one
 * {@link StompEngine}. Frames arrive in text or binary WebSocket messages alike; every publication is delivered
 * per subscriber, since each MESSAGE names the subscriber's subscription.
 */
public abstract class StompProtocol extends DelegatingProtocol {

    /** For the container's client proxy. */
    protected StompProtocol() {}

    /**
     * Creates the handler.
     *
     * @param engine the STOMP engine
     */
    protected StompProtocol(StompEngine engine) {
        super(
                engine::open,
                (connection, message) ->
                        engine.received(connection, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8))),
                engine::received,
                engine::closed,
                engine::deliver);
    }
}
