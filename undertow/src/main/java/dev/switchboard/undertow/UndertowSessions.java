package dev.switchboard.undertow;

import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;

/**
 * The only class that links Undertow: loaded the first time {@link UndertowWebSocketAbort} has an Undertow session in
 * hand, never on another container.
 */
final class UndertowSessions {

    private UndertowSessions() {}

    /** Closes the session's channel, and with it the TCP connection, without writing a close frame. */
    static void forceClose(Session session) {
        ((UndertowSession) session).forceClose();
    }
}
