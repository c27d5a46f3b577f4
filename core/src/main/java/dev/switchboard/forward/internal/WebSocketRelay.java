package dev.switchboard.forward.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client half of a WebSocket relay: a JSR-356 endpoint whose frames go to the upstream WebSocket.
 *
 * <p>The container calls the handlers serially per session; each send to the upstream is awaited before the
 * handler returns, so a slow upstream slows the client down (and the JDK allows one send at a time anyway).
 * Fragments are relayed as fragments. The client's pings are answered by the container and are not visible
 * here (JSR-356 gives no ping handler); its pongs are relayed.
 */
public final class WebSocketRelay extends Endpoint {

    private static final System.Logger LOG = System.getLogger(WebSocketRelay.class.getName());

    private final WebSocket upstream;
    private final UpstreamListener listener;
    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * Creates the relay of one connection.
     *
     * @param upstream the open upstream WebSocket
     * @param listener its listener
     * @param onEnd    run once when the relay ends
     */
    public WebSocketRelay(WebSocket upstream, UpstreamListener listener, Runnable onEnd) {
        this.upstream = upstream;
        this.listener = listener;
        this.onEnd = onEnd;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>)
                (part, last) -> upstream.sendText(part, last).join());
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>)
                (part, last) -> upstream.sendBinary(part, last).join());
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>)
                pong -> upstream.sendPong(pong.getApplicationData()).join());
        listener.attach(session, upstream);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        int code = closeReason.getCloseCode().getCode();
        listener.clientClosed(upstream);
        if (!upstream.isOutputClosed()) {
            try {
                // The JDK client may send only 1000 and 3000-4999; other codes travel as 1000 with their reason.
                int sent = code == 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
                String reason = closeReason.getReasonPhrase() == null ? "" : closeReason.getReasonPhrase();
                upstream.sendClose(sent, reason).whenComplete((ws, error) -> {
                    if (error != null) {
                        upstream.abort();
                    }
                });
            } catch (RuntimeException e) {
                upstream.abort();
            }
        }
        end();
    }

    @Override
    public void onError(Session session, Throwable thr) {
        LOG.log(System.Logger.Level.DEBUG, "Relay client failed; aborting the upstream", thr);
        if (!session.isOpen()) {
            upstream.abort();
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }
}
