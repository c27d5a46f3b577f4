package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading is closed as a slow consumer (4008) once its outbound queue overflows, while a
 * subscriber that reads keeps receiving every message and the publisher is never blocked.
 */
class SlowConsumerIsCutOffTest {

    private static final int MESSAGES = 400;
    private static final int SIZE = 64 * 1024;

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .beanClasses(HubCommandProtocol.class)
                .environmentEntry(ConfigKeys.OUTBOUND_MAX_MESSAGES, "16")
                .environmentEntry(ConfigKeys.OUTBOUND_MAX_BYTES, String.valueOf(4 * 1024 * 1024))
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWhileOthersReceiveEverything() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (RawWebSocket slow = RawWebSocket.connect(server.port(), "/",
                     Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME))) {
            slow.sendText("sub ticks");
            assertThat(slow.nextText()).isEqualTo("ok [ticks]");
            TestClient.Recorder fast = TestClient.connect(client, TestClient.ws(server), HubCommandProtocol.NAME);
            fast.socket.sendText("sub ticks", true);
            assertThat(fast.nextText()).isEqualTo("ok [ticks]");

            // From here on the slow client reads nothing until the flood is over.
            fast.socket.sendText("publish ticks " + MESSAGES + " " + SIZE, true);

            for (int i = 0; i < MESSAGES; i++) {
                assertThat(fast.nextText()).startsWith(i + ":");
            }
            String summary = fast.nextText();
            assertThat(summary).startsWith("ok ");
            // Fewer deliveries than two full rounds: the slow subscriber was cut off part-way.
            assertThat(Integer.parseInt(summary.substring(3))).isLessThan(2 * MESSAGES);
            assertThat(slow.awaitCloseCode()).isEqualTo(4008);
        } finally {
            client.shutdownNow();
        }
    }
}
