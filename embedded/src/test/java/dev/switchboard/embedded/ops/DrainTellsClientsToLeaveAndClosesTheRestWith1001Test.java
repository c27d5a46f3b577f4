package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.ops.Drain;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A drain tells sgc clients ({@code sgc@drain}) and SSE clients (a {@code drain} event) to reconnect elsewhere,
 * closes those still there with 1001 at its deadline, and is complete as soon as every client has left.
 */
class DrainTellsClientsToLeaveAndClosesTheRestWith1001Test {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(ConfigKeys.DRAIN_RETRY_AFTER, "3"));

    @AfterEach
    void everyClientIsGone() {
        node.awaitConnections(0);
    }

    @Test
    void clientsThatStayAreToldThenClosedWith1001AtTheDeadline() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com");
                SseClient stream = SseClient.open(node.client(), node.http("/sse/news"), Map.of())) {
            sgc.nextContaining("sgc@session");
            stream.next("connection");
            node.awaitConnections(2);

            Drain drain = RunningNode.drain();
            drain.start(Duration.ofSeconds(1), "test");

            assertThat(sgc.nextContaining("sgc@drain"))
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@drain\",\"params\":{\"retryAfter\":3}}");
            assertThat(stream.next("drain").data()).isEqualTo("{\"retryAfter\":3}");

            assertThat(sgc.closeCode()).isEqualTo(1001);
            assertThat(stream.next("disconnect").data()).contains("1001");
            stream.awaitEnd();
            assertThat(drain.awaitDrained(Duration.ofSeconds(10)))
                    .as("the drain is complete")
                    .isTrue();
            assertThat(drain.draining()).as("a complete drain keeps refusing").isTrue();
        }
    }

    @Test
    void aDrainIsCompleteAsSoonAsTheLastClientHasLeft() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com")) {
            sgc.nextContaining("sgc@session");
            Drain drain = RunningNode.drain();
            drain.start(Duration.ofMinutes(10), "test");
            sgc.nextContaining("sgc@drain");
            assertThat(drain.awaitDrained(Duration.ofMillis(300)))
                    .as("not complete while a client stays")
                    .isFalse();

            sgc.close();

            assertThat(drain.awaitDrained(Duration.ofSeconds(10)))
                    .as("complete long before its ten-minute deadline")
                    .isTrue();
        }
    }
}
