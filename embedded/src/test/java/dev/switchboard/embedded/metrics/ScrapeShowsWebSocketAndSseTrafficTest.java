package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scrape after real traffic of an sgc WebSocket client and an SSE client shows their connections, messages,
 * bytes and the publish-to-enqueue timer; the totals stay when the clients leave, and the close codes are counted.
 */
class ScrapeShowsWebSocketAndSseTrafficTest {

    private static final String WS = "transport=\"websocket\"";
    private static final String SSE = "subprotocol=\"none\",transport=\"sse\"";
    private static final String SGC = "subprotocol=\"esegece.com\"";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    private static String publish(String channel, String message, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"},\"id\":\"" + id + "\"}";
    }

    @Test
    void countsTrafficOfBothTransportsAndKeepsTotalsAfterTheClientsLeave() throws Exception {
        URI ws = node.ws("/");
        try (SseClient stream = SseClient.open(node.client(), node.http("/sse/metrics-news"), Map.of());
                TestClient.Recorder socket = TestClient.connect(node.client(), ws, Map.of(), "esegece.com")) {
            socket.nextContaining("sgc@session");
            stream.next("connection");
            for (int i = 1; i <= 3; i++) {
                socket.send(publish("metrics-news", "hello" + i, i));
                assertThat(stream.next("message").data()).contains("hello" + i);
            }

            String during = Await.value(
                    "a scrape showing both connections and the publications",
                    () -> node.scrape(),
                    body -> RunningNode.value(body, "switchboard_connections", WS, SGC) == 1
                            && RunningNode.value(body, "switchboard_connections", SSE) == 1
                            && RunningNode.value(body, "switchboard_messages_received_total", WS, SGC) >= 3
                            && RunningNode.value(body, "switchboard_messages_sent_total", SSE) >= 3
                            && RunningNode.value(body, "switchboard_publish_to_enqueue_seconds_count") >= 3);
            assertThat(RunningNode.value(during, "switchboard_received_bytes_total", WS, SGC))
                    .isGreaterThan(3 * "hello1".length());
            assertThat(RunningNode.value(during, "switchboard_sent_bytes_total", SSE))
                    .isGreaterThan(3 * "hello1".length());
            assertThat(RunningNode.value(during, "switchboard_publish_to_enqueue_seconds_bucket", "le=\"+Inf\""))
                    .isGreaterThanOrEqualTo(3);
            assertThat(RunningNode.sample(during, "switchboard_outbound_queued_frames"))
                    .isPresent();
            assertThat(RunningNode.value(during, "switchboard_history_entries", "store=\"memory\""))
                    .isGreaterThanOrEqualTo(3);
            // JVM meters in Switchboard's own registry, and the embedded server's Jetty meters.
            assertThat(RunningNode.sample(during, "jvm_memory_used_bytes")).isPresent();
            assertThat(RunningNode.sample(during, "jvm_threads_live_threads")).isPresent();
            assertThat(during).contains("jetty_connections_");
            assertThat(during).contains("jetty_threads_");

            socket.close();
            stream.close();

            String after = Await.value(
                    // The SSE stream's end shows on the server at its next write only: the WebSocket's is awaited.
                    "a scrape after the WebSocket client left",
                    () -> node.scrape(),
                    body -> RunningNode.value(body, "switchboard_connections", WS, SGC) == 0);
            assertThat(RunningNode.value(after, "switchboard_messages_received_total", WS, SGC))
                    .isGreaterThanOrEqualTo(RunningNode.value(during, "switchboard_messages_received_total", WS, SGC));
            assertThat(RunningNode.value(after, "switchboard_messages_sent_total", SSE))
                    .isGreaterThanOrEqualTo(RunningNode.value(during, "switchboard_messages_sent_total", SSE));
            assertThat(RunningNode.value(after, "switchboard_received_bytes_total", WS, SGC))
                    .isGreaterThanOrEqualTo(RunningNode.value(during, "switchboard_received_bytes_total", WS, SGC));
            assertThat(RunningNode.value(after, "switchboard_connections_opened_total", WS, SGC))
                    .isGreaterThanOrEqualTo(1);
            assertThat(RunningNode.sample(after, "switchboard_closes_total")).isPresent();
        }
    }

    @Test
    void answersTheTextFormatAndOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> text = node.scrape(Map.of());
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(text.body()).contains("# TYPE switchboard_slow_consumer_disconnects_total counter");

        HttpResponse<String> open = node.scrape(Map.of("Accept", "application/openmetrics-text; version=1.0.0"));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(open.body().strip()).endsWith("# EOF");
    }

    @Test
    void aRequestThroughAProxyIsRefusedEvenFromLoopback() throws Exception {
        HttpResponse<String> proxied = node.scrape(Map.of("X-Forwarded-For", "203.0.113.9"));
        assertThat(proxied.statusCode()).isEqualTo(403);
        assertThat(proxied.body()).contains("loopback callers only");

        HttpResponse<String> forwarded = node.scrape(Map.of("Forwarded", "for=203.0.113.9"));
        assertThat(forwarded.statusCode()).isEqualTo(403);
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpResponse<String> post = node.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(node.http("/metrics"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x"))
                                .timeout(Await.DEADLINE)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
