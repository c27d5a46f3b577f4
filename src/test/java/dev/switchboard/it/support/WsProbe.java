package dev.switchboard.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A JDK WebSocket client that records what it receives, for tests to await. */
public final class WsProbe implements WebSocket.Listener, AutoCloseable {

    /** A close frame as the client received it. */
    public record Close(int code, String reason) {}

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private WsProbe() {}

    /**
     * Opens a connection, offering the given subprotocols in order.
     *
     * @param uri          the ws:// URI
     * @param subprotocols the offer, most preferred first; none for no header
     * @return the open probe
     * @throws ExecutionException when the handshake fails (the cause tells why)
     */
    public static WsProbe connect(URI uri, String... subprotocols) throws ExecutionException {
        return connect(uri, java.util.Map.of(), subprotocols);
    }

    /**
     * Opens a connection with extra handshake headers (credentials), offering the given subprotocols in order.
     *
     * @param uri          the ws:// URI
     * @param headers      extra request headers
     * @param subprotocols the offer, most preferred first; none for no header
     * @return the open probe
     * @throws ExecutionException when the handshake fails (the cause tells why)
     */
    public static WsProbe connect(URI uri, java.util.Map<String, String> headers, String... subprotocols)
            throws ExecutionException {
        WsProbe probe = new WsProbe();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            builder.subprotocols(subprotocols[0], rest);
        }
        try {
            probe.socket = builder.buildAsync(uri, probe).get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("No handshake answer from " + uri + " within " + Eventually.DEADLINE, e);
        }
        return probe;
    }

    /**
     * The subprotocol the server chose.
     *
     * @return the value of the response's {@code Sec-WebSocket-Protocol}, or empty
     */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /**
     * Sends a text message and waits until it is written.
     *
     * @param text the message
     */
    public void send(String text) {
        socket.sendText(text, true)
                .orTimeout(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /**
     * Sends a text message as {@link #send} does, unless the connection's output is closed already: a server that closed
     * the connection while the test was still sending.
     *
     * @param text the message
     * @return false when the output was closed
     */
    public boolean sendUnlessClosed(String text) {
        try {
            send(text);
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The next text message, waiting up to the deadline.
     *
     * @return the message
     * @throws AssertionError when none arrives in time
     */
    public String nextMessage() {
        try {
            String message = messages.poll(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + Eventually.DEADLINE.toSeconds() + " s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next text message if one arrives within a short wait, for a test that repeats an action until something
     * arrives (and itself has a deadline).
     *
     * @param within how long to wait
     * @return the message, or empty when none arrived in time
     */
    public Optional<String> poll(Duration within) {
        try {
            return Optional.ofNullable(messages.poll(within.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a text message and returns the next message received.
     *
     * @param text the message
     * @return the answer
     */
    public String ask(String text) {
        send(text);
        return nextMessage();
    }

    /**
     * Waits for the server's close frame.
     *
     * @return the close the server sent
     * @throws AssertionError when the connection is not closed in time
     */
    public Close awaitClose() {
        try {
            return closed.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new AssertionError("The connection failed instead of closing", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "The server did not close the connection within " + Eventually.DEADLINE.toSeconds() + " s");
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Closes normally and waits for the server's answer; aborts the connection when it does not come. */
    @Override
    public void close() {
        if (socket == null || closed.isDone()) {
            return;
        }
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            closed.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing more to learn from this connection; make sure it does not linger.
        } finally {
            socket.abort();
        }
    }
}
