package dev.switchboard.undertow;

import dev.switchboard.spi.WebSocketAbort;
import jakarta.websocket.Session;

/**
 * Undertow's abort of a Jakarta WebSocket session: closes the session's TCP connection at once, without a close
 * frame, so {@code Gateway.abort} cuts WebSockets on WildFly for real instead of closing them with 1008.
 *
 * <p>{@code UndertowSession.forceClose()} closes the session's {@code WebSocketChannel}, which closes the underlying
 * stream connection and nothing else (unlike {@code Session.close}, which writes a close frame first). Undertow then
 * reports the end to the endpoint as an abnormal closure (1006), as for a peer that went away.
 *
 * <p>Instantiated by the service loader on every container; it touches Undertow's classes only for a session whose
 * class is Undertow's, so where Undertow is absent (Jetty, Payara) it links nothing and answers false.
 */
public final class UndertowWebSocketAbort implements WebSocketAbort {

    /** The class of the sessions Undertow's JSR-356 implementation hands to endpoints. */
    static final String UNDERTOW_SESSION = "io.undertow.websockets.jsr.UndertowSession";

    /** For the service loader. */
    public UndertowWebSocketAbort() {}

    @Override
    public boolean abort(Session session) {
        if (session == null || !session.getClass().getName().equals(UNDERTOW_SESSION)) {
            return false;
        }
        // Resolved only now, from the session's own class: Undertow is there, and this deployment sees it.
        UndertowSessions.forceClose(session);
        return true;
    }
}
