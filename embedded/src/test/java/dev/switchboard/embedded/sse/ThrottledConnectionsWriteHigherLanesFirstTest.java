package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throttled connections and the lanes of their outbound queues, with real WebSocket clients: a subscriber throttled
 * below what it is sent builds a backlog, and publications of a higher lane (by the node's channel priorities or the
 * connection's own) overtake the waiting ones of a lower lane, while each lane keeps its order.
 */
class ThrottledConnectionsWriteHigherLanesFirstTest {

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.OUTBOUND_CHANNEL_PRIORITIES, "alerts.*=high, bulk.*=low")
                .beanClasses(SseTestProtocol.class)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static TestClient.Recorder connect() throws Exception {
        return TestClient.connect(
                http, URI.create("ws://127.0.0.1:" + server.httpUri().getPort() + "/"), Map.of(), SseTestProtocol.NAME);
    }

    /** Reads the next {@code count} publications, leaving out the replies to commands. */
    private static List<String> publications(TestClient.Recorder client, int count) throws InterruptedException {
        List<String> received = new ArrayList<>();
        while (received.size() < count) {
            String text = client.nextText();
            if (!text.startsWith("ok ")) {
                received.add(text);
            }
        }
        return received;
    }

    @Test
    void anAlertAndANewsItemOvertakeTheBulkBacklogOfAThrottledSubscriber() throws Exception {
        try (TestClient.Recorder subscriber = connect();
                TestClient.Recorder publisher = connect()) {
            for (String channel : List.of("bulk.feed", "alerts.fire", "news.daily")) {
                assertThat(subscriber.ask("sub " + channel)).isEqualTo("ok [" + channel + "]");
            }
            assertThat(subscriber.ask("throttle 2000")).isEqualTo("ok true");

            publisher.ask("flood bulk.feed 6 1000");
            long firstAt = System.nanoTime();
            List<String> received = new ArrayList<>(publications(subscriber, 1));
            // The next bulk message waits half a second for its time: news and an alert, published together (news
            // first), are queued behind it in their lanes before it goes.
            publisher.ask("publish news.daily,alerts.fire n1");
            received.addAll(publications(subscriber, 7));
            long elapsedNanos = System.nanoTime() - firstAt;

            List<String> bulk = received.stream()
                    .filter(text -> text.startsWith("bulk.feed|"))
                    .map(text -> text.substring("bulk.feed|".length(), text.indexOf(':')))
                    .toList();
            assertThat(bulk).containsExactly("0", "1", "2", "3", "4", "5");
            // High before normal, normal before the low lane's backlog.
            assertThat(received.subList(1, 3)).containsExactly("alerts.fire|n1", "news.daily|n1");
            // About 6,000 bytes at 2,000 bytes a second, the first written at once.
            assertThat(elapsedNanos).isGreaterThan(2_000_000_000L);
        }
    }

    @Test
    void aConnectionsOwnPriorityOutranksTheNodes() throws Exception {
        try (TestClient.Recorder subscriber = connect();
                TestClient.Recorder publisher = connect()) {
            assertThat(subscriber.ask("sub bulk.mine")).isEqualTo("ok [bulk.mine]");
            assertThat(subscriber.ask("sub news.mine")).isEqualTo("ok [news.mine]");
            assertThat(subscriber.ask("prioritize bulk.* HIGH")).isEqualTo("ok true");
            assertThat(subscriber.ask("throttle 8000")).isEqualTo("ok true");

            publisher.ask("flood bulk.mine 6 1000");
            publisher.ask("publish news.mine n1");
            List<String> received = publications(subscriber, 7);

            // For this connection bulk.* is high: the normal news item waits behind all of it.
            assertThat(received.getLast()).isEqualTo("news.mine|n1");
        }
    }

    @Test
    void aThrottledSubscriberSentMoreThanItsQueueHoldsIsCutOffAsASlowConsumer() throws Exception {
        try (TestClient.Recorder subscriber = connect();
                TestClient.Recorder publisher = connect()) {
            assertThat(subscriber.ask("sub bulk.overflow")).isEqualTo("ok [bulk.overflow]");
            assertThat(subscriber.ask("throttle 1000")).isEqualTo("ok true");

            // The default queue holds 1024 messages; the throttle lets a handful out meanwhile.
            publisher.ask("flood bulk.overflow 1100 10");

            assertThat(subscriber.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(publisher.ask("echo still serving")).isEqualTo("echo still serving");
        }
    }
}
