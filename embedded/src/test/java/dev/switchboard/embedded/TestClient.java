package dev.switchboard.embedded;

import dev.switchboard.embedded.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** JDK WebSocket client helpers shared by the tests: every wait has a deadline. */
public final class TestClient {

    /** How long every wait of these helpers lasts at most. */
    public static final Duration DEADLINE = Await.DEADLINE;

    private TestClient() {}

    /** The ws:// URI of a server's root. */
    static URI ws(SwitchboardServer server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    /** Starts a server on 127.0.0.1 with a free port and the given extra beans. */
    static SwitchboardServer startServer(Class<?>... beans) throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(beans)
                .build();
        server.start();
        return server;
    }

    /** Opens a WebSocket, offering the given subprotocols, and waits for the handshake. */
    static Recorder connect(HttpClient client, URI uri, String... subprotocols) throws Exception {
        return connect(client, uri, Map.of(), subprotocols);
    }

    /**
     * Opens a WebSocket with extra handshake headers (credentials), offering the given subprotocols, and waits for
     * the handshake; a refused one fails with the {@link java.util.concurrent.ExecutionException} of the client.
     */
    public static Recorder connect(HttpClient client, URI uri, Map<String, String> headers, String... subprotocols)
            throws Exception {
        Recorder recorder = new Recorder();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(DEADLINE);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(
                    subprotocols[0],
                    List.of(subprotocols).subList(1, subprotocols.length).toArray(String[]::new));
        }
        recorder.socket = builder.buildAsync(uri, recorder).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return recorder;
    }

    /** Collects what a WebSocket receives; the close arrives in {@link #closed} and {@link #closeReason}. */
    public static final class Recorder implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        private final java.io.ByteArrayOutputStream partialBytes = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        /** The reason of the server's close frame. */
        public final CompletableFuture<String> closeReason = new CompletableFuture<>();

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
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBytes.writeBytes(chunk);
            if (last) {
                binaries.add(partialBytes.toByteArray());
                partialBytes.reset();
            }
            webSocket.request(1);
            return null;
        }

        /**
         * Waits for the next whole binary message.
         *
         * @return its bytes
         * @throws InterruptedException when interrupted
         */
        public byte[] nextBinary() throws InterruptedException {
            byte[] next = binaries.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no binary message within " + DEADLINE);
            }
            return next;
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

        /** Sends a text message and waits until it is handed to the socket. */
        public void send(String text) {
            socket.sendText(text, true).join();
        }

        /** Sends a binary message and waits until it is handed to the socket. */
        public void sendBinary(ByteBuffer data) {
            socket.sendBinary(data, true).join();
        }

        /** Sends a text message and returns the next text received. */
        public String ask(String text) throws InterruptedException {
            send(text);
            return nextText();
        }

        /** The next text containing {@code needle}, skipping others, waiting up to the deadline. */
        public String nextContaining(String needle) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                String text = texts.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (text != null && text.contains(needle)) {
                    return text;
                }
            }
            throw new AssertionError("No message containing " + needle + " within " + DEADLINE);
        }

        /** The subprotocol the server chose, empty for none. */
        public String subprotocol() {
            return socket.getSubprotocol();
        }

        /** Tells whether no close has arrived yet. */
        public boolean isOpen() {
            return !closed.isDone();
        }

        /** The next text message within {@code wait}, or null when none arrived. */
        public String pollText(Duration wait) throws InterruptedException {
            return texts.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** The next text message, waiting up to the deadline. */
        public String nextText() throws InterruptedException {
            String text = texts.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("No text message within " + DEADLINE);
            }
            return text;
        }

        /**
         * Drops the connection if it is still open: {@link HttpClient#close()} waits for open WebSockets, so a
         * test that leaves one open would otherwise hang until the server's idle timeout.
         */
        @Override
        public void close() {
            if (socket != null && !socket.isInputClosed()) {
                socket.abort();
            }
        }

        /** The close code the server sent, waiting up to the deadline. */
        public int closeCode() throws Exception {
            return closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
