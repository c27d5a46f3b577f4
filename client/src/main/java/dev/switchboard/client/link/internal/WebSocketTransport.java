package dev.switchboard.client.link.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A WebSocket on Jetty's client. Public only because Jetty calls its listener methods reflectively. */
public final class WebSocketTransport implements Transport, Session.Listener.AutoDemanding {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final WebSocketClient client;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final List<String> subprotocols;
    private final boolean deflate;
    private final long timeoutMillis;
    private final Events events;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CompletableFuture<Void> closeReceived = new CompletableFuture<>();
    private volatile Session session;
    private volatile CompletableFuture<Session> connecting;
    private volatile String abortReason;

    WebSocketTransport(
            WebSocketClient client,
            URI uri,
            Map<String, List<String>> headers,
            List<String> subprotocols,
            boolean deflate,
            long timeoutMillis,
            Events events) {
        this.client = client;
        this.uri = uri;
        this.headers = headers;
        this.subprotocols = subprotocols;
        this.deflate = deflate;
        this.timeoutMillis = timeoutMillis;
        this.events = events;
    }

    @Override
    public void open() {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (!subprotocols.isEmpty()) {
            request.setSubProtocols(subprotocols);
        }
        headers.forEach(request::setHeader);
        if (deflate) {
            request.addExtensions("permessage-deflate");
        }
        request.setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            CompletableFuture<Session> future = client.connect(this, uri, request);
            connecting = future;
            future.whenComplete((opened, failure) -> {
                if (failure != null) {
                    failed(failure);
                }
            });
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        if (abortReason != null || ended.get()) {
            opened.disconnect();
            return;
        }
        events.opened(this, opened.getUpgradeResponse().getAcceptedSubProtocol(), null);
    }

    @Override
    public void onWebSocketText(String text) {
        events.alive(this);
        events.text(this, text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        events.alive(this);
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        callback.succeed();
        events.binary(this, copy);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        events.alive(this);
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        events.alive(this);
        // A listener that receives pings answers them itself: Jetty sends no automatic pong then (RFC 6455 5.5.3).
        Session open = session;
        if (open != null && !ended.get()) {
            ByteBuffer echo = ByteBuffer.allocate(payload.remaining());
            echo.put(payload).flip();
            open.sendPong(echo, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (session != null && !ended.get()) {
            events.error(this, cause);
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        closeReceived.complete(null);
        String aborted = abortReason;
        end(new Ending(
                aborted != null ? 1006 : code,
                aborted != null ? aborted : reason == null ? "" : reason,
                true,
                0,
                false));
    }

    @Override
    public void send(String text) {
        Session open = session;
        if (open == null || ended.get()) {
            events.undelivered(this, text, new IOException("the WebSocket is not open"));
            return;
        }
        open.sendText(text, Callback.from(() -> {}, failure -> events.undelivered(this, text, failure)));
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return sendBinary(data, () -> {});
    }

    @Override
    public boolean sendBinary(ByteBuffer data, Runnable written) {
        Session open = session;
        if (open == null || ended.get()) {
            return false;
        }
        open.sendBinary(data, Callback.from(written, failure -> events.error(this, failure)));
        return true;
    }

    @Override
    public void ping() {
        Session open = session;
        if (open != null && !ended.get()) {
            open.sendPing(EMPTY.duplicate(), Callback.NOOP);
        }
    }

    @Override
    public void close(int code, String reason, long closeTimeoutMillis) {
        Session open = session;
        if (open == null) {
            abort(reason);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis);
        CompletableFuture<Void> written = new CompletableFuture<>();
        open.close(code, reason, Callback.from(() -> written.complete(null), written::completeExceptionally));
        try {
            written.get(closeTimeoutMillis, TimeUnit.MILLISECONDS);
            // The server's close frame completes the handshake (RFC 6455 7.1.1): dropping the socket before it would
            // reset the connection while the server may still be reading the messages sent just before the close,
            // and a reset throws away what its socket had received but not yet read.
            closeReceived.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The handshake did not finish in time: the connection goes anyway.
        }
        open.disconnect();
        end(new Ending(code, reason, true, 0, false));
    }

    @Override
    public void abort(String reason) {
        abortReason = reason;
        Session open = session;
        if (open != null) {
            open.disconnect();
        } else {
            CompletableFuture<Session> future = connecting;
            if (future != null) {
                future.cancel(true);
            }
        }
        end(new Ending(1006, reason, open != null, 0, false));
    }

    private void failed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (session != null) {
            // The upgrade completed and the session then failed: the close that follows reports it.
            return;
        }
        int status = 0;
        if (cause instanceof UpgradeException upgrade && upgrade.getResponseStatusCode() > 0) {
            status = upgrade.getResponseStatusCode();
        }
        String aborted = abortReason;
        if (aborted != null) {
            end(new Ending(1006, aborted, false, 0, false));
            return;
        }
        boolean refused;
        String reason;
        if (status > 0) {
            // 401 means the credential is wrong; SSE would be refused the same way.
            refused = status != 401;
            reason = "upgrade refused: HTTP " + status;
        } else {
            Throwable root = rootCause(cause);
            refused = !unreachable(cause);
            reason = describe(root);
        }
        end(new Ending(1006, reason, false, status, refused));
    }

    private void end(Ending ending) {
        if (ended.compareAndSet(false, true)) {
            events.ended(this, ending);
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Whether the failure happened before any server answered, or in TLS: no other transport can do better there.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (unreachableCause(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachableCause(Throwable root) {
        return root instanceof java.security.cert.CertificateException
                || root instanceof ConnectException
                || root instanceof NoRouteToHostException
                || root instanceof UnknownHostException
                || root instanceof UnresolvedAddressException
                || root instanceof SocketTimeoutException
                || root instanceof TimeoutException
                || root instanceof SSLException
                || root instanceof java.util.concurrent.CancellationException;
    }

    static String describe(Throwable root) {
        String message = root.getMessage();
        if (message != null && message.length() > 160) {
            // Jetty's messages may carry a dump of the whole connection.
            message = message.substring(0, 160) + "...";
        }
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
