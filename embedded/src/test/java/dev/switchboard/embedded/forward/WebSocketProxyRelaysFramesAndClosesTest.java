package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route to a ws:// upstream relays the handshake (subprotocol offer and choice), text and binary frames,
 * pings and pongs, and close codes with reasons both ways; a tcp:// route bridges binary frames to a TCP server.
 */
class WebSocketProxyRelaysFramesAndClosesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static WebSocketUpstream upstream;
    private static ServerSocket tcpEcho;
    private static SwitchboardServer server;
    private static HttpClient client;

    /** Records what the client receives. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.add(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("message within the deadline").isNotNull();
            return message;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = new WebSocketUpstream();
        tcpEcho = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!tcpEcho.isClosed()) {
                try {
                    Socket socket = tcpEcho.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket;
                                InputStream in = socket.getInputStream();
                                OutputStream out = socket.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // The bridge closed the connection.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/chat/=ws://127.0.0.1:" + upstream.port() + "/echo;" + "/line/=tcp://127.0.0.1:"
                                + tcpEcho.getLocalPort())
                .build();
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        server.stop();
        upstream.close();
        tcpEcho.close();
    }

    @BeforeEach
    void clear() {
        WebSocketUpstream.CLOSES.clear();
        WebSocketUpstream.OPENED.clear();
        WebSocketUpstream.PONGS.clear();
    }

    private static WebSocket connect(String path, Recorder recorder, String... subprotocols) throws Exception {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(DEADLINE);
        if (subprotocols.length > 0) {
            builder.subprotocols(
                    subprotocols[0],
                    List.of(subprotocols).subList(1, subprotocols.length).toArray(String[]::new));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), recorder)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theClientsOfferReachesTheUpstreamAndItsChoiceComesBack() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/chat", recorder, "alpha", "gamma", "beta");

        assertThat(socket.getSubprotocol()).isEqualTo("gamma");
        assertThat(WebSocketUpstream.OPENED.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("gamma");
        socket.sendClose(1000, "done").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void textAndBinaryFramesTravelBothWays() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/chat", recorder);
        assertThat(socket.getSubprotocol()).isEmpty();

        socket.sendText("hello", true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.next()).isEqualTo("echo:hello");
        socket.sendText("frag", false).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("ments", true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.next()).isEqualTo("echo:fragments");
        byte[] payload = new byte[60_000];
        new java.util.Random(7).nextBytes(payload);
        socket.sendBinary(ByteBuffer.wrap(payload), true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat((byte[]) recorder.next()).isEqualTo(payload);
        socket.sendClose(1000, "done").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anUpstreamPingReachesTheClientAndTheClientsPongReachesTheUpstream() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/chat", recorder);

        socket.sendText("ping:are-you-there", true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.pings.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("are-you-there");
        socket.sendPong(ByteBuffer.wrap("unsolicited".getBytes(StandardCharsets.UTF_8)))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // The upstream also gets pongs answering its own ping (from the proxy's client and the relayed client's).
        String pong;
        do {
            pong = WebSocketUpstream.PONGS.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(pong).as("pong within the deadline").isNotNull();
        } while (!pong.equals("unsolicited"));
        socket.sendClose(1000, "done").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theUpstreamsCloseCodeAndReasonReachTheClient() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/chat", recorder);

        socket.sendText("close:4010:upstream says bye", true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("4010 upstream says bye");
    }

    @Test
    void theClientsCloseCodeAndReasonReachTheUpstream() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/chat", recorder);
        socket.sendText("hello", true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.next()).isEqualTo("echo:hello");

        socket.sendClose(4321, "client says bye").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // Closes of earlier tests' connections may still arrive: wait for this one.
        String close;
        do {
            close = WebSocketUpstream.CLOSES.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(close).as("close within the deadline").isNotNull();
        } while (!close.contains("client says bye"));
        assertThat(close).isEqualTo("4321 client says bye");
        assertThat(recorder.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).startsWith("4321");
    }

    @Test
    void aTcpRouteBridgesBinaryFramesToTheTcpServerAndBack() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = connect("/line", recorder);

        socket.sendBinary(ByteBuffer.wrap("PING line\r\n".getBytes(StandardCharsets.US_ASCII)), true)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        StringBuilder echoed = new StringBuilder();
        while (echoed.length() < "PING line\r\n".length()) {
            echoed.append(new String((byte[]) recorder.next(), StandardCharsets.US_ASCII));
        }
        assertThat(echoed.toString()).isEqualTo("PING line\r\n");
        socket.sendClose(1000, "done").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).startsWith("1000");
    }

    @Test
    void plainHttpOnATcpRouteIsRefusedWith426() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/line"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(426);
    }
}
