package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the Node.js ws peer for real ({@code node bench/node/server.mjs}) and drives it with the harness's own
 * driver and fan-out code: the echo answers what was sent, a publication in the baseline's wire format reaches every
 * subscriber, and the peer reports the figures the idle scenario reads. Skipped where the peer cannot run (no
 * {@code node} on PATH, or its dependencies not installed), so the default build needs no npm registry.
 */
@Timeout(60)
class NodeWsPeerEchoesAndBroadcastsTest {

    @TempDir
    static Path out;

    private static String missing;
    private static ServerProcess node;
    private static LoadClient client;

    @BeforeAll
    static void startPeer() throws Exception {
        missing = NodeWsPeer.missing();
        if (missing == null) {
            node = NodeWsPeer.start(Settings.smoke().serverJvmOptions(), out.resolve("node-ws-server.log"));
            client = new LoadClient(1, 2);
        }
    }

    @BeforeEach
    void peerRuns() {
        // Each test reports the skip and its reason.
        assumeTrue(missing == null, () -> "The Node.js ws peer cannot run here: " + missing);
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void echoSendsTheTextBack() throws Exception {
        ClientConnection connection = client.connectAll(
                        node.uri(ServerKind.NODE_WS.echoPath()), null, 1, 1, Duration.ofSeconds(10))
                .get(0);
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            connection.listener((c, text, arrived) -> answer.complete(text));
            String payload = "e".repeat(64);

            connection.send(payload);

            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(payload);
        } finally {
            LoadClient.closeAll(List.of(connection), Duration.ofSeconds(10));
        }
    }

    @Test
    void aPublicationReachesBothSubscribers() throws Exception {
        ServerKind kind = ServerKind.NODE_WS;
        List<ClientConnection> subscribers =
                client.connectAll(node.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), 2, 2, Duration.ofSeconds(10));
        ClientConnection publisher = client.connectAll(
                        node.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), 1, 1, Duration.ofSeconds(10))
                .get(0);
        try {
            ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
            CountDownLatch both = new CountDownLatch(2);
            FanoutScenario.Phase[] phase = {
                (sequence, scheduled, arrived) -> {
                    delivered.add(sequence);
                    both.countDown();
                }
            };
            // Returns once both SUBSCRIBED answers arrived: the subscriptions are in place before the publication.
            FanoutScenario.subscribe(kind, subscribers, phase, Duration.ofSeconds(10));

            publisher.send(kind.publishMessage("7 123"));

            assertThat(both.await(10, TimeUnit.SECONDS))
                    .as("deliveries %s", delivered)
                    .isTrue();
            assertThat(delivered).containsExactly(7L, 7L);
        } finally {
            LoadClient.closeAll(subscribers, Duration.ofSeconds(10));
            LoadClient.closeAll(List.of(publisher), Duration.ofSeconds(10));
        }
    }

    @Test
    void theIdleScenarioReadsHeapRssAndDescriptors() throws Exception {
        ServerProcess.Stats stats = node.stats();

        assertThat(stats.heapBytes()).isPositive();
        assertThat(stats.rssBytes()).isGreaterThan(stats.heapBytes());
        assertThat(stats.openFds()).isPositive();
        assertThat(stats.threads()).isPositive();
        assertThat(node.openFds()).isPositive();
    }
}
