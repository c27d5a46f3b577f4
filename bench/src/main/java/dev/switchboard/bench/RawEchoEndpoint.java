package dev.switchboard.bench;

import jakarta.websocket.OnMessage;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The baseline echo: a plain annotated endpoint on the raw container, answering with an asynchronous send as
 * Switchboard does, so both sides pay for the same kind of write.
 */
@ServerEndpoint("/echo")
public class RawEchoEndpoint {

    /** Failures of a write only matter to the driver, which notices the missing answer. */
    static final SendHandler IGNORE = result -> {};

    /**
     * Sends the text back.
     *
     * @param session the session
     * @param text    the text
     */
    @OnMessage
    public void onMessage(Session session, String text) {
        session.getAsyncRemote().sendText(text, IGNORE);
    }
}
