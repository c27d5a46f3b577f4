package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.embedded.testing.WebSocketFrame;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.EOFException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three ways to end one connection through the Gateway look different to a real client: a close sends a close
 * frame with the code and reason; an abort ends the TCP connection with no close frame; a drain stops reading the
 * client, sends every message already queued to it, in order, and then closes with 4001, or with 4008 when the client
 * does not read it all in time.
 */
class CloseAbortAndDrainOfOneConnectionLookDifferentToTheClientTest {

    private static final String PROTOCOL = "ends.test.switchboard.dev";
    private static final int FLOOD = 400;
    // Below the 64 KiB at which the container fragments a message, so each arrives as one frame.
    private static final int SIZE = 32 * 1024;

    /** What the handler was handed by connections of this protocol. */
    static final List<String> HANDLED = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(Ends.class)
            // Room for the whole flood, so the drain is what the test watches and not a slow-consumer cut.
            .environmentEntry(ConfigKeys.OUTBOUND_MAX_MESSAGES, String.valueOf(FLOOD * 2))
            .environmentEntry(ConfigKeys.OUTBOUND_MAX_BYTES, String.valueOf(64L * 1024 * 1024)));

    /**
     * Commands over a socket: {@code id}; {@code close|abort <id>}; {@code flood-drain <id> [ms]} queues
     * {@value #FLOOD} messages of {@value #SIZE} bytes to a connection and drains it (within 60 s by default); {@code in <id>} answers how many messages the
     * server read from it and whether it is open; anything else is recorded as handled.
     */
    @ApplicationScoped
    @Subprotocol(PROTOCOL)
    public static class Ends implements SubprotocolHandler {
        @Inject
        Gateway gateway;

        @Override
        public void onText(Connection connection, String message) {
            String[] words = message.split(" ");
            switch (words[0]) {
                case "id" -> connection.sendText(connection.id());
                case "close" ->
                    connection.sendText(
                            "ok " + gateway.disconnect(words[1], CloseCodes.SHUTDOWN, "closed by the server"));
                case "abort" -> connection.sendText("ok " + gateway.abort(words[1]));
                case "flood-drain" -> {
                    String payload = "x".repeat(SIZE);
                    for (int i = 0; i < FLOOD; i++) {
                        gateway.send(words[1], i + ":" + payload);
                    }
                    Duration timeout = Duration.ofMillis(words.length > 2 ? Long.parseLong(words[2]) : 60_000);
                    connection.sendText("ok " + gateway.drain(words[1], timeout));
                }
                case "in" ->
                    connection.sendText(gateway.connection(words[1])
                            .map(c -> c.stats().messagesIn() + " " + c.isOpen())
                            .orElse("gone"));
                default -> HANDLED.add(message);
            }
        }
    }

    private static RawWebSocket raw() throws Exception {
        RawWebSocket socket = RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", PROTOCOL));
        assertThat(socket.status).isEqualTo(101);
        return socket;
    }

    @Test
    void aCloseReachesTheClientAsACloseFrameWithItsCodeAndReason() throws Exception {
        try (TestClient.Recorder control = TestClient.connect(node.client(), node.ws("/"), PROTOCOL);
                TestClient.Recorder target = TestClient.connect(node.client(), node.ws("/"), PROTOCOL)) {
            String id = target.ask("id");
            assertThat(control.ask("close " + id)).isEqualTo("ok true");
            assertThat(target.closeCode()).isEqualTo(CloseCodes.SHUTDOWN);
            assertThat(target.closeReason.get()).isEqualTo("closed by the server");
        }
    }

    @Test
    void anAbortEndsTheTcpConnectionWithoutACloseFrame() throws Exception {
        try (TestClient.Recorder control = TestClient.connect(node.client(), node.ws("/"), PROTOCOL);
                RawWebSocket target = raw()) {
            target.sendText("id");
            String id = target.nextText();
            assertThat(control.ask("abort " + id)).isEqualTo("ok true");

            // Every frame up to the end of the stream, and none of them is a close frame.
            assertThatThrownBy(() -> {
                        while (true) {
                            WebSocketFrame frame = target.read();
                            assertThat(frame.opcode()).isNotEqualTo(WebSocketFrame.CLOSE);
                        }
                    })
                    .isInstanceOf(EOFException.class);
            Await.until(
                    "the server forgot the aborted connection",
                    () -> control.ask("in " + id).equals("gone"));
            assertThat(control.ask("abort " + id)).isEqualTo("ok false");
        }
    }

    @Test
    void aDrainStopsReadingTheClientSendsAllThatIsQueuedThenClosesWith4001() throws Exception {
        try (TestClient.Recorder control = TestClient.connect(node.client(), node.ws("/"), PROTOCOL);
                RawWebSocket target = raw()) {
            target.sendText("id");
            String id = target.nextText();
            target.sendText("before the drain");
            Await.until("the first message handled", () -> HANDLED.contains("before the drain"));

            // The target reads nothing yet: most of the flood waits in its queue while it drains.
            assertThat(control.ask("flood-drain " + id)).isEqualTo("ok true");
            target.sendText("during the drain");
            Await.until("the server read the message sent during the drain", () -> {
                String in = control.ask("in " + id);
                assertThat(in).as("still draining, not closed yet").endsWith(" true");
                return in.startsWith("3 ");
            });
            assertThat(HANDLED).doesNotContain("during the drain");

            for (int i = 0; i < FLOOD; i++) {
                String text = target.nextText();
                // Checked without printing 32 KiB on failure.
                assertThat(text.length())
                        .as("length of message " + i)
                        .isEqualTo(String.valueOf(i).length() + 1 + SIZE);
                assertThat(text.substring(0, text.indexOf(':'))).isEqualTo(String.valueOf(i));
            }
            WebSocketFrame close = target.read();
            assertThat(close.opcode()).isEqualTo(WebSocketFrame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.DRAINED);
            assertThat(HANDLED).doesNotContain("during the drain");
        }
    }

    @Test
    void aDrainingClientThatDoesNotReadInTimeIsClosedAsASlowConsumer() throws Exception {
        try (TestClient.Recorder control = TestClient.connect(node.client(), node.ws("/"), PROTOCOL);
                RawWebSocket target = raw()) {
            target.sendText("id");
            String id = target.nextText();

            assertThat(control.ask("flood-drain " + id + " 300")).isEqualTo("ok true");
            // The target reads nothing until the server has given up on the drain.
            Await.until("the drain timed out", () -> {
                String in = control.ask("in " + id);
                return in.equals("gone") || in.endsWith(" false");
            });

            int received = 0;
            WebSocketFrame frame;
            while ((frame = target.read()).opcode() != WebSocketFrame.CLOSE) {
                if (frame.opcode() == WebSocketFrame.TEXT) {
                    received++;
                }
            }
            assertThat(frame.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(received).as("messages that left before the timeout").isLessThan(FLOOD);
        }
    }
}
