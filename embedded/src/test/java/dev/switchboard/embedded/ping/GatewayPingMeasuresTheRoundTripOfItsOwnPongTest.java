package dev.switchboard.embedded.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.WebSocketFrame;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Gateway.ping} measures the round trip to the pong that echoes its own payload: the JDK client's automatic
 * pong completes it; a pong with another payload does not, so the ping times out; two pings at once send one frame
 * and share its measurement; SSE connections and unknown ids fail with a clear exception.
 */
class GatewayPingMeasuresTheRoundTripOfItsOwnPongTest {

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(PingProbeProtocol.class)
                // No heartbeat pings, so every ping a client sees is a measuring one.
                .environmentEntry(ConfigKeys.HEARTBEAT_ENABLED, "false")
                .environmentEntry(ConfigKeys.PING_TIMEOUT, "1")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    /** A JDK WebSocket client, which answers every ping with a pong echoing its payload. */
    private static final class JdkClient implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        JdkClient() throws Exception {
            socket = http.newWebSocketBuilder()
                    .subprotocols(PingProbeProtocol.NAME)
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), this)
                    .get(10, TimeUnit.SECONDS);
        }

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

        String next() throws InterruptedException {
            String text = texts.poll(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(text).as("a text within the deadline").isNotNull();
            return text;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    @Test
    void thePongOfARealClientCompletesThePingWithAPositiveRoundTrip() throws Exception {
        try (JdkClient client = new JdkClient()) {
            assertThat(client.next()).startsWith("id ");
            client.send("ping");
            String answer = client.next();
            assertThat(answer).startsWith("rtt ");
            assertThat(Long.parseLong(answer.substring(4))).isPositive();
            // Another measurement after the first completed sends a new ping.
            client.send("ping");
            assertThat(client.next()).startsWith("rtt ");
        }
    }

    @Test
    void twoPingsAtOnceSendOneFrameAndShareItsMeasurement() throws Exception {
        try (Raw raw = new Raw()) {
            raw.sendText("ping2");
            WebSocketFrame ping = raw.readSkippingText();
            assertThat(ping.opcode()).isEqualTo(WebSocketFrame.PING);
            raw.send(WebSocketFrame.PONG, ping.payload());
            WebSocketFrame next = raw.read();
            // Had a second ping been sent, it would arrive before the answer.
            assertThat(next.opcode()).isEqualTo(WebSocketFrame.TEXT);
            String answer = new String(next.payload(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("rtt ");
            assertThat(Long.parseLong(answer.substring(4)))
                    .as("both results are the same measurement")
                    .isPositive();
        }
    }

    @Test
    void aPongWithAnotherPayloadDoesNotCompleteThePingWhichTimesOut() throws Exception {
        try (Raw raw = new Raw()) {
            raw.sendText("ping");
            WebSocketFrame ping = raw.readSkippingText();
            assertThat(ping.opcode()).isEqualTo(WebSocketFrame.PING);
            raw.send(WebSocketFrame.PONG, "not-yours".getBytes(StandardCharsets.US_ASCII));
            raw.send(WebSocketFrame.PONG, new byte[0]);
            WebSocketFrame answer = raw.read();
            assertThat(answer.opcode()).isEqualTo(WebSocketFrame.TEXT);
            assertThat(new String(answer.payload(), StandardCharsets.UTF_8))
                    .startsWith("failed TimeoutException: No pong within 1000 ms");
        }
    }

    @Test
    void anSseConnectionHasNoPingAndAnUnknownIdIsNotFound() throws Exception {
        try (SseClient stream = SseClient.open(
                        http,
                        URI.create("http://127.0.0.1:" + server.port() + "/sse?subprotocol=" + PingProbeProtocol.NAME),
                        Map.of());
                JdkClient client = new JdkClient()) {
            String sseId = Await.value(
                            "the SSE connection's id", () -> stream.next().data(), d -> d.startsWith("id "))
                    .substring(3);
            assertThat(client.next()).startsWith("id ");
            client.send("ping " + sseId);
            assertThat(client.next()).startsWith("failed UnsupportedOperationException: SSE connections have no ping");
            client.send("ping 00000000-0000-0000-0000-000000000000");
            assertThat(client.next()).startsWith("failed NoSuchElementException: No open connection");
        }
    }

    @Test
    void aConnectionThatClosesBeforeItsPongFailsThePing() throws Exception {
        try (JdkClient client = new JdkClient()) {
            assertThat(client.next()).startsWith("id ");
            try (Raw silent = new Raw()) {
                client.send("ping " + silent.id);
                assertThat(silent.readSkippingText().opcode()).isEqualTo(WebSocketFrame.PING);
            }
            // The socket closed without answering: the close, not the one-second timeout, fails the ping.
            assertThat(client.next()).startsWith("failed IllegalStateException: Connection ");
        }
    }

    /** A raw client that does not answer pings by itself, so the test decides what the pong carries. */
    private static final class Raw implements AutoCloseable {
        private final Socket socket = new Socket();
        private final DataInputStream in;
        private final OutputStream out;
        private final SecureRandom random = new SecureRandom();
        final String id;

        Raw() throws Exception {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout((int) Await.DEADLINE.toMillis());
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Protocol: " + PingProbeProtocol.NAME + "\r\n"
                            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new DataInputStream(socket.getInputStream());
            String head = readHead();
            assertThat(head).startsWith("HTTP/1.1 101");
            WebSocketFrame greeting = read();
            String text = new String(greeting.payload(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("id ");
            id = text.substring(3);
        }

        private String readHead() throws Exception {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("closed during the handshake");
                }
                head.append((char) b);
            }
            return head.toString();
        }

        void send(int opcode, byte[] payload) throws Exception {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            out.write(WebSocketFrame.encode(opcode, payload, mask));
            out.flush();
        }

        void sendText(String text) throws Exception {
            send(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        WebSocketFrame read() throws Exception {
            return WebSocketFrame.read(in);
        }

        /** The next frame that is not text. */
        WebSocketFrame readSkippingText() throws Exception {
            WebSocketFrame frame = read();
            while (frame.opcode() == WebSocketFrame.TEXT) {
                frame = read();
            }
            return frame;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
