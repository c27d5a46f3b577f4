package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.ChildServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command cluster: a node started with {@code switchboard.cluster.embedded-broker} runs the Artemis broker,
 * and a node started with {@code switchboard.cluster.broker-url} joins it.
 */
class ANodeRunsTheClusterBrokerForTheOthersTest {

    @TempDir
    Path directory;

    @Test
    void aPublicationOnTheJoiningNodeReachesTheNodeRunningTheBroker() throws Exception {
        try (TestCluster cluster = new TestCluster(directory, false);
                HttpClient client = HttpClient.newHttpClient()) {
            ChildServer first = cluster.startNodeRunningTheBroker("first");
            ChildServer second = cluster.startNode("second");
            assertThat(cluster.health(first).body()).contains("\"cluster\":{\"node\":\"first\",\"linked\":true}");

            try (SgcClient onFirst = SgcClient.connect(client, cluster.ws(first, "/"), Map.of());
                    SgcClient onSecond = SgcClient.connect(client, cluster.ws(second, "/"), Map.of())) {
                onFirst.subscribe("hello");
                assertThat(onSecond.publishAssured("hello", "from second")).contains("sgc@acknowledgment");

                assertThat(onFirst.nextEvent())
                        .extracting(SgcClient.Event::message, SgcClient.Event::offset)
                        .containsExactly("from second", 1L);
            }
        }
    }
}
