package dev.switchboard.spi;

import jakarta.websocket.Session;

/**
 * Cuts a WebSocket session's TCP connection without a close frame, which the Jakarta WebSocket API cannot do: the
 * container-specific half of {@code Gateway.abort}. A runtime provides it through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.switchboard.spi.WebSocketAbort}) loaded by core's class loader: the embedded Jetty
 * server does, and so does {@code switchboard-undertow.jar} for WildFly. Every provider found is instantiated on every
 * container, so one must not link its container's classes before it has a session of that container in hand.
 *
 * <p><b>Contract.</b> Called by Switchboard at most once per connection, on the thread that called
 * {@code Gateway.abort}, after the connection was marked closed. It must not block. It returns false for a session
 * of another container, and the next provider is asked; when none cuts it, the connection is closed with 1008
 * instead. An exception counts as false and is logged. The container then reports the close (1006) as usual.
 */
public interface WebSocketAbort {

    /**
     * Cuts the session's connection.
     *
     * @param session the session
     * @return true when it was this provider's to cut
     */
    boolean abort(Session session);
}
