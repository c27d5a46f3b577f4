package dev.switchboard.embedded;

import dev.switchboard.spi.WebSocketAbort;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;

/**
 * Jetty's abort of a Jakarta WebSocket session: the connection ends at once, without a close frame. Registered with
 * {@link java.util.ServiceLoader}, so core's {@code Gateway.abort} cuts embedded WebSockets for real.
 */
public final class JettyWebSocketAbort implements WebSocketAbort {

    /** For the service loader. */
    public JettyWebSocketAbort() {}

    @Override
    public boolean abort(Session session) {
        if (session instanceof JakartaWebSocketSession jetty) {
            jetty.abort();
            return true;
        }
        return false;
    }
}
