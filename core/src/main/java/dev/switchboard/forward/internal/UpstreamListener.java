package dev.switchboard.forward.internal;

import dev.switchboard.log.LogSafe;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The upstream half of a WebSocket relay: what the upstream sends goes to the client's session.
 *
 * <p>The JDK client calls it one message at a time on the client's executor (virtual threads). Demand is one
 * message: the next is requested only after the previous was written to the client with a blocking send, so
 * a slow client slows the upstream down instead of filling memory. Nothing is requested before the client's
 * session is attached, so no message can arrive before there is somewhere to put it.
 */
public final class UpstreamListener implements WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger(UpstreamListener.class.getName());

    private final String route;
    private volatile Session session;
    private volatile boolean clientClosed;

    /**
     * Creates the listener of one relay.
     *
     * @param route the route's name, for log lines
     */
    public UpstreamListener(String route) {
        this.route = route;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // No request(1) here: attach() asks for the first message once the client's session exists.
    }

    /**
     * Connects the client's session and starts the flow from the upstream.
     *
     * @param client   the client's session
     * @param upstream the upstream WebSocket
     */
    void attach(Session client, WebSocket upstream) {
        this.session = client;
        upstream.request(1);
    }

    /** The client has closed: what the upstream still sends (its close reply) is drained and dropped. */
    void clientClosed(WebSocket upstream) {
        clientClosed = true;
        upstream.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        return relay(webSocket, () -> session.getBasicRemote().sendText(data.toString(), last));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return relay(webSocket, () -> session.getBasicRemote().sendBinary(data, last));
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers the upstream's ping itself; the client gets the ping too, and its pong is relayed.
        return relay(webSocket, () -> session.getBasicRemote().sendPing(message));
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        return relay(webSocket, () -> session.getBasicRemote().sendPong(message));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        Session client = session;
        if (client != null && client.isOpen() && !clientClosed) {
            closeClient(client, clientCode(statusCode), reason == null ? "" : reason);
        }
        // Completing lets the JDK send its close reply to the upstream.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        Session client = session;
        if (clientClosed) {
            return;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Forwarding route {0}: upstream WebSocket failed: {1}",
                route,
                LogSafe.of(error));
        if (client != null && client.isOpen()) {
            closeClient(client, CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "upstream failed");
        }
    }

    /**
     * The close code the client gets for the upstream's: 1005 (no code) becomes 1000, 1006 and 1015 (never sent
     * on the wire, RFC 6455 section 7.4.1) become 1011.
     */
    static int clientCode(int upstreamCode) {
        return switch (upstreamCode) {
            case 1005 -> 1000;
            case 1006, 1015 -> 1011;
            default -> upstreamCode;
        };
    }

    private static void closeClient(Session client, int code, String reason) {
        try {
            client.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // The client is already gone; its own close callback finishes the relay.
            LOG.log(System.Logger.Level.DEBUG, "Closing the client of a relay failed", e);
        }
    }

    private CompletionStage<?> relay(WebSocket webSocket, Send send) {
        Session client = session;
        if (clientClosed || client == null || !client.isOpen()) {
            webSocket.request(1);
            return null;
        }
        try {
            send.run();
            webSocket.request(1);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Relaying to the client failed; closing the upstream", e);
            webSocket.abort();
        }
        return null;
    }

    @FunctionalInterface
    private interface Send {
        void run() throws IOException;
    }
}
