package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.embedded.HubCommandProtocol;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.ChildServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Switchboard nodes in JVMs of their own, one Artemis broker and one shared database: whatever a client does on
 * one node reaches the clients of the other, over WebSocket and SSE alike.
 */
class TwoNodesShareOneChannelSpaceTest {

    @TempDir
    static Path directory;

    static TestCluster cluster;
    static ChildServer a;
    static ChildServer b;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(directory);
        a = cluster.startNode("a");
        b = cluster.startNode("b");
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        cluster.close();
    }

    @Test
    void aPublicationOnOneNodeReachesWebSocketAndSseSubscribersOfBothWithTheSameOffsets() throws Exception {
        try (SgcClient onA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SgcClient onB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of());
                SseClient sseOnB = SseClient.open(client, cluster.http(b, "/sse/news"), Map.of());
                SgcClient publisher = SgcClient.connect(client, cluster.ws(a, "/"), Map.of())) {
            onA.subscribe("news");
            onB.subscribe("news");
            sseOnB.next("connection");

            for (int i = 1; i <= 3; i++) {
                assertThat(publisher.publishAssured("news", "n" + i)).contains("sgc@acknowledgment");
            }

            List<SgcClient.Event> seenOnA = new ArrayList<>();
            List<SgcClient.Event> seenOnB = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seenOnA.add(onA.nextEvent());
                seenOnB.add(onB.nextEvent());
            }
            assertThat(seenOnB).containsExactlyElementsOf(seenOnA);
            assertThat(seenOnB).extracting(SgcClient.Event::message).containsExactly("n1", "n2", "n3");
            assertThat(seenOnB).extracting(SgcClient.Event::offset).containsExactly(1L, 2L, 3L);
            for (int i = 1; i <= 3; i++) {
                SseClient.Event event = sseOnB.next("message");
                assertThat(event.data()).isEqualTo("n" + i);
                assertThat(event.id()).startsWith("news=").endsWith(":" + i);
            }
        }
    }

    @Test
    void anSseClientResumesOnTheOtherNodeFromItsLastEventId() throws Exception {
        String lastEventId;
        try (SgcClient publisher = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SseClient onA = SseClient.open(client, cluster.http(a, "/sse/feed"), Map.of())) {
            onA.next("connection");
            publisher.publishAssured("feed", "f1");
            publisher.publishAssured("feed", "f2");
            assertThat(onA.next("message").data()).isEqualTo("f1");
            SseClient.Event second = onA.next("message");
            assertThat(second.data()).isEqualTo("f2");
            lastEventId = second.id();
        }
        try (SgcClient publisher = SgcClient.connect(client, cluster.ws(b, "/"), Map.of())) {
            publisher.publishAssured("feed", "f3");
            publisher.publishAssured("feed", "f4");
        }

        try (SseClient onB =
                SseClient.open(client, cluster.http(b, "/sse/feed"), Map.of("Last-Event-ID", lastEventId))) {
            assertThat(onB.next("message").data()).isEqualTo("f3");
            SseClient.Event fourth = onB.next("message");
            assertThat(fourth.data()).isEqualTo("f4");
            assertThat(fourth.id()).endsWith(":4");
        }
    }

    @Test
    void publishersOnBothNodesAreSeenInOneOrderEverywhere() throws Exception {
        try (SgcClient onA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SgcClient onB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of());
                SgcClient publisherOnA = SgcClient.connect(client, cluster.ws(a, "/"), Map.of());
                SgcClient publisherOnB = SgcClient.connect(client, cluster.ws(b, "/"), Map.of())) {
            onA.subscribe("both");
            onB.subscribe("both");

            int each = 30;
            for (int i = 0; i < each; i++) {
                publisherOnA.publish("both", "a" + i);
                publisherOnB.publish("both", "b" + i);
            }

            List<SgcClient.Event> seenOnA = new ArrayList<>();
            List<SgcClient.Event> seenOnB = new ArrayList<>();
            for (int i = 0; i < 2 * each; i++) {
                seenOnA.add(onA.nextEvent());
                seenOnB.add(onB.nextEvent());
            }
            assertThat(seenOnB).containsExactlyElementsOf(seenOnA);
            assertThat(seenOnA)
                    .extracting(SgcClient.Event::offset)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2 * each)
                            .boxed()
                            .toList());
        }
    }

    @Test
    void aGroupMessageABroadcastAndAMessageToOneConnectionCrossNodes() throws Exception {
        try (TestClient.Recorder memberOnB =
                        TestClient.connect(client, cluster.ws(b, "/"), Map.of(), HubCommandProtocol.NAME);
                TestClient.Recorder commandsOnA =
                        TestClient.connect(client, cluster.ws(a, "/"), Map.of(), HubCommandProtocol.NAME)) {
            assertThat(memberOnB.ask("join team-blue")).isEqualTo("ok [team-blue]");
            String idOnB = memberOnB.ask("id").substring("ok ".length());

            assertThat(commandsOnA.ask("groups team-* standup in five")).startsWith("ok ");
            assertThat(memberOnB.nextText()).isEqualTo("standup in five");

            assertThat(commandsOnA.ask("send " + idOnB + " only for you")).isEqualTo("ok true");
            assertThat(memberOnB.nextText()).isEqualTo("only for you");

            commandsOnA.send("broadcast to everyone");
            // The broadcast reaches the sender's own connection too. The answer counts the deliveries on node A: a
            // connection of an earlier test may still be closing there, so at least this one.
            List<String> onA = List.of(commandsOnA.nextText(), commandsOnA.nextText());
            assertThat(onA).contains("to everyone");
            String answer = onA.stream()
                    .filter(text -> text.startsWith("ok "))
                    .findFirst()
                    .orElseThrow();
            assertThat(Integer.parseInt(answer.substring("ok ".length()))).isPositive();
            assertThat(memberOnB.nextContaining("to everyone")).isEqualTo("to everyone");
        }
    }

    @Test
    void bytesPublishedOnOneNodeStayBytesOnTheOtherLiveAndOnResume() throws Exception {
        try (TestClient.Recorder subscriberOnB =
                        TestClient.connect(client, cluster.ws(b, "/"), Map.of(), HubCommandProtocol.NAME);
                TestClient.Recorder commandsOnA =
                        TestClient.connect(client, cluster.ws(a, "/"), Map.of(), HubCommandProtocol.NAME);
                SseClient sseOnB = SseClient.open(client, cluster.http(b, "/sse/bytes"), Map.of())) {
            sseOnB.next("connection");
            assertThat(subscriberOnB.ask("sub bytes")).isEqualTo("ok [bytes]");

            assertThat(commandsOnA.ask("publish-bytes bytes 00010203")).startsWith("ok ");

            assertThat(subscriberOnB.nextBinary()).containsExactly(0, 1, 2, 3);
            SseClient.Event live = sseOnB.next();
            assertThat(live.type()).isEqualTo("binary");
            assertThat(live.data()).isEqualTo("AAECAw==");
            String before = live.id().replaceAll(":\\d+$", ":" + (offset(live.id()) - 1));
            try (SseClient resumed =
                    SseClient.open(client, cluster.http(a, "/sse/bytes"), Map.of("Last-Event-ID", before))) {
                SseClient.Event replayed = resumed.next("binary");
                assertThat(replayed.data()).isEqualTo("AAECAw==");
                assertThat(replayed.id()).isEqualTo(live.id());
            }
        }
    }

    private static long offset(String eventId) {
        return Long.parseLong(eventId.substring(eventId.lastIndexOf(':') + 1));
    }

    @Test
    void disconnectingAUserClosesTheirConnectionsOnEveryNode() throws Exception {
        try (TestClient.Recorder aliceOnB = TestClient.connect(
                        client, cluster.ws(b, "/"), BasicAuth.basic("alice", "alice pw"), HubCommandProtocol.NAME);
                TestClient.Recorder bobOnB = TestClient.connect(
                        client, cluster.ws(b, "/"), BasicAuth.basic("bob", "bob pw"), HubCommandProtocol.NAME);
                TestClient.Recorder commandsOnA =
                        TestClient.connect(client, cluster.ws(a, "/"), Map.of(), HubCommandProtocol.NAME)) {
            assertThat(aliceOnB.ask("id")).startsWith("ok ");

            assertThat(commandsOnA.ask("disconnect-user alice")).isEqualTo("ok 0");

            assertThat(aliceOnB.closeCode()).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(bobOnB.ask("id")).as("another user's connection stays").startsWith("ok ");
        }
    }

    @Test
    void anAbortAndADrainCalledOnOneNodeReachConnectionsOfTheOther() throws Exception {
        try (TestClient.Recorder abortedOnB =
                        TestClient.connect(client, cluster.ws(b, "/"), Map.of(), HubCommandProtocol.NAME);
                TestClient.Recorder drainedOnB =
                        TestClient.connect(client, cluster.ws(b, "/"), Map.of(), HubCommandProtocol.NAME);
                TestClient.Recorder commandsOnA =
                        TestClient.connect(client, cluster.ws(a, "/"), Map.of(), HubCommandProtocol.NAME)) {
            String aborted = abortedOnB.ask("id").substring("ok ".length());
            String drained = drainedOnB.ask("id").substring("ok ".length());

            assertThat(commandsOnA.ask("abort " + aborted)).isEqualTo("ok true");
            assertThat(commandsOnA.ask("drain " + drained + " 10000")).isEqualTo("ok true");

            // An abort sends no close frame: the JDK client reports 1006, the code no close frame may carry.
            assertThat(abortedOnB.closeCode()).isEqualTo(1006);
            assertThat(drainedOnB.closeCode()).isEqualTo(CloseCodes.DRAINED);
        }
    }

    @Test
    void aLoginTicketIssuedByOneNodeOpensAConnectionOnTheOtherOnce() throws Exception {
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(cluster.http(a, "/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"password\":\"alice pw\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        Matcher ticket = Pattern.compile("\"ticket\":\"([^\"]+)\"").matcher(login.body());
        assertThat(ticket.find()).isTrue();

        try (SgcClient onB = SgcClient.connect(client, cluster.ws(b, "/?ticket=" + ticket.group(1)), Map.of())) {
            assertThat(onB.socket.isOpen()).isTrue();
        }
        for (ChildServer node : List.of(a, b)) {
            assertThat(AuthClient.refusedStatus(
                            client, cluster.ws(node, "/?ticket=" + ticket.group(1)), SgcClient.SGC, Map.of()))
                    .as("a used ticket on node " + node.port())
                    .isEqualTo(401);
        }
    }
}
