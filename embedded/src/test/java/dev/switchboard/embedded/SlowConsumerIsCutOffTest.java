package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscriber that stops reading is closed as a slow consumer (4008) once its outbound queue overflows, while a
 * subscriber that reads keeps receiving every message and the publisher is never blocked.
 */
class SlowConsumerIsCutOffTest {

    private static final int BATCH = 20;
    private static final int SIZE = 64 * 1024;
    /** Enough 64 KiB messages to fill any loopback socket buffer many times over. */
    private static final int MAX_BATCHES = 300;

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(HubCommandProtocol.class)
            .environmentEntry(ConfigKeys.OUTBOUND_MAX_MESSAGES, "32")
            .environmentEntry(ConfigKeys.OUTBOUND_MAX_BYTES, String.valueOf(8 * 1024 * 1024)));

    @Test
    void aSubscriberThatStopsReadingIsClosedWhileOthersReceiveEverything() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (RawWebSocket slow =
                RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME))) {
            slow.sendText("sub ticks");
            assertThat(slow.nextText()).isEqualTo("ok [ticks]");
            TestClient.Recorder fast = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            fast.socket.sendText("sub ticks", true);
            assertThat(fast.nextText()).isEqualTo("ok [ticks]");

            // From here on the slow client reads nothing. The reading client paces the publisher: one batch at a
            // time, each read completely, so its own queue never holds more than a batch.
            int batches = 0;
            int deliveries;
            do {
                fast.socket.sendText("publish ticks " + BATCH + " " + SIZE, true);
                for (int i = 0; i < BATCH; i++) {
                    assertThat(fast.nextText()).startsWith(i + ":");
                }
                String summary = fast.nextText();
                assertThat(summary).startsWith("ok ");
                deliveries = Integer.parseInt(summary.substring(3));
                batches++;
            } while (deliveries > BATCH && batches < MAX_BATCHES);

            // The last batch reached the reading client only: the other one had been cut off.
            assertThat(deliveries).isEqualTo(BATCH);
            assertThat(slow.awaitCloseCode()).isEqualTo(4008);
        } finally {
            client.shutdownNow();
        }
    }
}
