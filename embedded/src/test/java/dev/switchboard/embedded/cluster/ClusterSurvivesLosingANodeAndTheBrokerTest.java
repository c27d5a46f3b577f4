package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.ChildServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a cluster must ride out: a node killed with SIGKILL in the middle of a stream of QoS 1 publications, and the
 * messaging broker stopped and started again while both nodes run.
 */
class ClusterSurvivesLosingANodeAndTheBrokerTest {

    @TempDir
    Path directory;

    TestCluster cluster;
    HttpClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster(directory);
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdownNow();
        cluster.close();
    }

    @Test
    void aClientOfAKilledNodeResumesOnTheOtherWithNothingLostOrRepeated() throws Exception {
        ChildServer a = cluster.startNode("a");
        ChildServer b = cluster.startNode("b");
        List<String> acknowledged = new ArrayList<>();
        List<SgcClient.Event> seenByTheResumingClient = new ArrayList<>();
        List<SgcClient.Event> seenOnB = new ArrayList<>();
        try (SgcClient subscriberOnA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SgcClient subscriberOnB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of());
                SgcClient publisherOnA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of())) {
            subscriberOnA.subscribe("ledger");
            subscriberOnB.subscribe("ledger");
            for (int i = 1; i <= 10; i++) {
                assertThat(publisherOnA.publishAssured("ledger", "entry" + i)).contains("sgc@acknowledgment");
                acknowledged.add("entry" + i);
            }
            for (int i = 0; i < 10; i++) {
                seenByTheResumingClient.add(subscriberOnA.nextEvent());
            }

            // A crash: no close frames, no shutdown hooks.
            a.process().destroyForcibly();
            assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (SgcClient publisherOnB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of())) {
                for (int i = 11; i <= 15; i++) {
                    assertThat(publisherOnB.publishAssured("ledger", "entry" + i))
                            .contains("sgc@acknowledgment");
                    acknowledged.add("entry" + i);
                }
            }
            SgcClient.Event last = seenByTheResumingClient.get(seenByTheResumingClient.size() - 1);
            try (SgcClient resumedOnB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of())) {
                String answer = resumedOnB.resume("ledger", last.epoch(), last.offset(), seenByTheResumingClient);
                assertThat(answer).contains("\"offset\":15");
            }
            for (int i = 0; i < 15; i++) {
                seenOnB.add(subscriberOnB.nextEvent());
            }
        }

        for (List<SgcClient.Event> seen : List.of(seenByTheResumingClient, seenOnB)) {
            assertThat(seen).extracting(SgcClient.Event::message).containsExactlyElementsOf(acknowledged);
            assertThat(seen)
                    .extracting(SgcClient.Event::offset)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 15).boxed().toList());
        }
    }

    @Test
    void whileTheBrokerIsDownNodesServeTheirOwnClientsReportNotReadyAndCatchUpAfterward() throws Exception {
        ChildServer a = cluster.startNode("a");
        ChildServer b = cluster.startNode("b");
        try (SgcClient subscriberOnA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SgcClient subscriberOnB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of());
                SgcClient publisherOnA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of())) {
            subscriberOnA.subscribe("status");
            subscriberOnB.subscribe("status");
            assertThat(publisherOnA.publishAssured("status", "before")).contains("sgc@acknowledgment");
            assertThat(subscriberOnB.nextEvent().message()).isEqualTo("before");
            assertThat(subscriberOnA.nextEvent().message()).isEqualTo("before");

            cluster.stopBroker();
            cluster.awaitLinked(a, false);
            cluster.awaitLinked(b, false);

            assertThat(publisherOnA.publishAssured("status", "promised"))
                    .as("a QoS 1 publication cannot be promised while the link is down")
                    .contains("\"code\":-32000");
            publisherOnA.publish("status", "during");
            SgcClient.Event during = subscriberOnA.nextEvent();
            assertThat(during.message())
                    .as("this node's own subscribers are served")
                    .isEqualTo("during");
            assertThat(during.offset()).isEqualTo(2);

            cluster.startBroker();
            cluster.awaitLinked(a, true);
            cluster.awaitLinked(b, true);

            assertThat(publisherOnA.publishAssured("status", "after")).contains("sgc@acknowledgment");
            // The next publication shows node b the hole; it reads what it missed from the shared history.
            assertThat(subscriberOnB.nextEvent())
                    .extracting(SgcClient.Event::message, SgcClient.Event::offset)
                    .containsExactly("during", 2L);
            assertThat(subscriberOnB.nextEvent())
                    .extracting(SgcClient.Event::message, SgcClient.Event::offset)
                    .containsExactly("after", 3L);
            assertThat(subscriberOnA.nextEvent().message()).isEqualTo("after");
        }
        Await.until(
                "both nodes healthy",
                () -> cluster.health(a).statusCode() == 200 && cluster.health(b).statusCode() == 200);
    }
}
