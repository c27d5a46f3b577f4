package dev.switchboard.embedded.auth;

import dev.switchboard.embedded.SwitchboardServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** HTTP and WebSocket helpers for the authentication tests: real JDK clients against a server on 127.0.0.1. */
final class AuthClient {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private AuthClient() {
    }

    static URI http(SwitchboardServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static URI ws(SwitchboardServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> post(HttpClient client, URI uri, String contentType, String body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEADLINE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEADLINE).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in with a JSON body and returns the response. */
    static HttpResponse<String> login(HttpClient client, SwitchboardServer server, String user, String password)
            throws Exception {
        return post(client, http(server, "/auth/login"), "application/json",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    /** The value of a top-level string field of a flat JSON object. */
    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new AssertionError("No string field " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** Opens a WebSocket; a refused handshake throws {@link WebSocketHandshakeException} with the response. */
    static Socket connect(HttpClient client, URI uri, String subprotocol, Map<String, String> headers)
            throws Exception {
        Socket socket = new Socket();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(DEADLINE);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        headers.forEach(builder::header);
        try {
            socket.socket = builder.buildAsync(uri, socket).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refused;
            }
            throw e;
        }
        return socket;
    }

    /** The HTTP status of a refused handshake. */
    static int refusedStatus(HttpClient client, URI uri, String subprotocol, Map<String, String> headers)
            throws Exception {
        return refusal(client, uri, subprotocol, headers).statusCode();
    }

    /** The response to a refused handshake. */
    static HttpResponse<?> refusal(HttpClient client, URI uri, String subprotocol, Map<String, String> headers)
            throws Exception {
        try (Socket socket = connect(client, uri, subprotocol, headers)) {
            throw new AssertionError("The handshake to " + uri + " was accepted");
        } catch (WebSocketHandshakeException refused) {
            return refused.getResponse();
        }
    }

    /** Waits for a condition, failing after the deadline. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** A WebSocket that records what it receives. */
    static final class Socket implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** Sends a message and returns the next text received. */
        String ask(String text) throws InterruptedException {
            send(text);
            return next();
        }

        String next() throws InterruptedException {
            String text = texts.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("No text message within " + DEADLINE);
            }
            return text;
        }

        /** The next text containing {@code needle}, skipping others. */
        String nextContaining(String needle) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                String text = texts.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (text != null && text.contains(needle)) {
                    return text;
                }
            }
            throw new AssertionError("No message containing " + needle + " within " + DEADLINE);
        }

        int closeCode() throws InterruptedException, ExecutionException, TimeoutException {
            return closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        boolean isOpen() {
            return !closed.isDone();
        }

        @Override
        public void close() {
            if (socket != null && !socket.isInputClosed()) {
                socket.abort();
            }
        }
    }

    static List<String> challenges(HttpResponse<?> response) {
        return response.headers().allValues("WWW-Authenticate");
    }
}
