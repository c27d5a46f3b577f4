package dev.switchboard.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline fan-out: the broadcast loop an application writes on the raw container. {@code SUB} makes the
 * session a subscriber (answered with {@code SUBSCRIBED}); {@code PUB <payload>} sends the payload to every
 * subscriber with an asynchronous send; {@code PUBSSE <payload>} sends it to the {@link RawSseServlet} streams. There is no channel, no envelope, no outbound bound: the cheapest correct
 * broadcast, which is what Switchboard's sgc publish is compared against.
 */
@ServerEndpoint("/fanout")
public class RawBroadcastEndpoint {

    private static final Set<Session> SUBSCRIBERS = ConcurrentHashMap.newKeySet();

    /**
     * Subscribes or publishes.
     *
     * @param session the session
     * @param text    {@code SUB} or {@code PUB <payload>}
     */
    @OnMessage
    public void onMessage(Session session, String text) {
        if (text.startsWith("PUB ")) {
            String payload = text.substring(4);
            for (Session subscriber : SUBSCRIBERS) {
                subscriber.getAsyncRemote().sendText(payload, RawEchoEndpoint.IGNORE);
            }
        } else if (text.startsWith("PUBSSE ")) {
            RawSseServlet.broadcast(text.substring(7));
        } else if (text.equals("SUB")) {
            SUBSCRIBERS.add(session);
            session.getAsyncRemote().sendText("SUBSCRIBED", RawEchoEndpoint.IGNORE);
        }
    }

    /**
     * Forgets a closed subscriber.
     *
     * @param session the session
     * @param reason  the close reason
     */
    @OnClose
    public void onClose(Session session, CloseReason reason) {
        SUBSCRIBERS.remove(session);
    }

    /**
     * Forgets a failed subscriber.
     *
     * @param session the session
     * @param error   the failure
     */
    @OnError
    public void onError(Session session, Throwable error) {
        SUBSCRIBERS.remove(session);
    }
}
