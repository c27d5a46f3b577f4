package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket resume, Switchboard's extension of the sgc protocol: {@code sgc@event} carries the publication's
 * {@code offset} and {@code epoch}, and {@code sgc@resume} replays what a client missed, gap-free into live
 * delivery, or says with {@code sgc@gap} what it cannot replay.
 */
class SgcResumeTest {

    /** A memory history keeping three publications per channel, so eviction is easy to provoke. */
    @ApplicationScoped
    static class SmallHistory {
        @Produces
        @ApplicationScoped
        HistoryStore store() {
            return new MemoryHistoryStore(3, Duration.ofMinutes(5), InstantSource.system());
        }
    }

    private SgcHarness sgc;

    @BeforeEach
    void start() {
        sgc = SgcHarness.start(SgcSettings.builder().build(), SmallHistory.class);
    }

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static JsonObject result(String frame) {
        return Json.createReader(new StringReader(frame)).readObject().getJsonObject("result");
    }

    private String epochOf(String channel) {
        return sgc.hub.historyHead(channel).epoch();
    }

    @Test
    void eventsCarryTheirHistoryPositionWhichSgcClientsCanIgnore() {
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"news\"}}");
        sgc.hub.publish("news", "one");
        sgc.hub.publish("news", "two");

        List<String> events = subscriber.take();
        String epoch = epochOf("news");
        assertThat(events)
                .containsExactly(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"one\","
                                + "\"offset\":1,\"epoch\":\"" + epoch + "\"}}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"two\","
                                + "\"offset\":2,\"epoch\":\"" + epoch + "\"}}");
    }

    @Test
    void eventsWithoutHistoryHaveNoPosition() {
        try (SgcHarness plain = SgcHarness.start()) {
            TestConnection subscriber = plain.connectQuietly();
            plain.send(subscriber, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"n\"}}");
            plain.hub.publish("n", "x");
            assertThat(subscriber.take()).containsExactly(SgcHarness.event("n", "x"));
        }
    }

    @Test
    void resumeReplaysWhatWasMissedThenAnswersWithThePositionThenGoesLive() {
        sgc.hub.publish("news", "one");
        String epoch = epochOf("news");
        sgc.hub.publish("news", "two");
        sgc.hub.publish("news", "three");
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":" + "{\"channel\":\"news\",\"epoch\":\""
                        + epoch + "\",\"offset\":1},\"id\":\"r1\"}");

        assertThat(answer)
                .containsExactly(
                        ack("r1"),
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"two\","
                                + "\"offset\":2,\"epoch\":\"" + epoch + "\"}}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"three\","
                                + "\"offset\":3,\"epoch\":\"" + epoch + "\"}}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@resume\",\"channel\":\"news\",\"offset\":3,"
                                + "\"epoch\":\"" + epoch + "\"},\"id\":\"r1\"}");
        sgc.hub.publish("news", "four");
        assertThat(client.take()).singleElement().satisfies(frame -> {
            assertThat(result(frame).getString("message")).isEqualTo("four");
            assertThat(result(frame).getInt("offset")).isEqualTo(4);
        });
    }

    @Test
    void resumeWithoutPositionIsANewSubscriberToldWhereTheChannelStands() {
        sgc.hub.publish("news", "old");
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(
                client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":{\"channel\":\"news\"},\"id\":7}");

        assertThat(answer)
                .containsExactly(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":7}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@resume\",\"channel\":\"news\",\"offset\":1,"
                                + "\"epoch\":\"" + epochOf("news") + "\"},\"id\":7}");
        assertThat(sgc.hub.subscriptions(client)).containsExactly("news");
    }

    @Test
    void resumeAfterEvictionSendsAnEvictedGapThenTheRetainedPublications() {
        sgc.hub.publish("news", "1");
        String epoch = epochOf("news");
        for (int i = 2; i <= 6; i++) {
            sgc.hub.publish("news", String.valueOf(i));
        }
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":" + "{\"channel\":\"news\",\"epoch\":\""
                        + epoch + "\",\"offset\":1}}");

        assertThat(answer.get(0))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@gap\",\"channel\":"
                        + "\"news\",\"reason\":\"evicted\",\"epoch\":\"" + epoch
                        + "\",\"from\":2,\"to\":3,\"previousEpoch\":\""
                        + epoch + "\"}}");
        assertThat(answer.subList(1, 4))
                .extracting(frame -> result(frame).getString("message"))
                .containsExactly("4", "5", "6");
        assertThat(result(answer.get(4)).getString("method")).isEqualTo("sgc@resume");
        assertThat(answer).hasSize(5);
    }

    @Test
    void resumeFromAnotherEpochSendsAnEpochGapThenEverythingRetained() {
        sgc.hub.publish("news", "a");
        sgc.hub.publish("news", "b");
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":"
                        + "{\"channel\":\"news\",\"epoch\":\"lost1\",\"offset\":40}}");

        JsonObject gap = result(answer.get(0));
        assertThat(gap.getString("method")).isEqualTo("sgc@gap");
        assertThat(gap.getString("reason")).isEqualTo("epoch");
        assertThat(gap.getString("epoch")).isEqualTo(epochOf("news"));
        assertThat(gap.getString("previousEpoch")).isEqualTo("lost1");
        assertThat(answer.subList(1, 3))
                .extracting(frame -> result(frame).getString("message"))
                .containsExactly("a", "b");
    }

    @Test
    void resumeWithoutHistorySaysTheHistoryIsUnavailable() {
        try (SgcHarness plain = SgcHarness.start()) {
            TestConnection client = plain.connectQuietly();
            List<String> answer = plain.send(
                    client,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":"
                            + "{\"channel\":\"news\",\"epoch\":\"e1\",\"offset\":3}}");
            assertThat(answer)
                    .containsExactly(
                            "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@gap\",\"channel\":\"news\",\"reason\":"
                                    + "\"unavailable\",\"epoch\":\"\",\"previousEpoch\":\"e1\"}}",
                            "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@resume\",\"channel\":\"news\",\"offset\":3,"
                                    + "\"epoch\":\"e1\"}}");
            assertThat(plain.hub.subscriptions(client)).containsExactly("news");
        }
    }

    @Test
    void resumeWhileSubscribedDeliversNothingTwiceToAClientThatDropsOldOffsets() {
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":{\"channel\":\"news\"}}");
        sgc.hub.publish("news", "x");
        client.take();
        String epoch = epochOf("news");

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":" + "{\"channel\":\"news\",\"epoch\":\""
                        + epoch + "\",\"offset\":1}}");

        assertThat(answer)
                .extracting(frame -> result(frame).getString("method"))
                .containsExactly("sgc@resume");
    }

    @Test
    void subscribeOnAnEventStreamReconnectedWithLastEventIdResumesFromItsCursor() {
        sgc.hub.publish("news", "seen");
        String epoch = epochOf("news");
        sgc.hub.publish("news", "missed");
        TestConnection client = sgc.connectQuietly();
        client.attributes().put(SgcSubscriptions.LAST_EVENT_ID_ATTRIBUTE, "other=zz9:4&news=" + epoch + ":1");

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"news\"},\"id\":\"s\"}");

        assertThat(answer)
                .containsExactly(
                        ack("s"),
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"news\"},\"id\":\"s\"}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"missed\","
                                + "\"offset\":2,\"epoch\":\"" + epoch + "\"}}");
    }

    @Test
    void resumeNeedsOneExactChannelAndAWellFormedPosition() {
        TestConnection client = sgc.connectQuietly();
        for (String params : List.of(
                "{\"channel\":\"a,b\"}",
                "{\"channel\":\"news*\"}",
                "{}",
                "{\"channel\":\"news\",\"epoch\":\"e\",\"offset\":-1}",
                "{\"channel\":\"news\",\"epoch\":\"e\",\"offset\":\"x\"}",
                "{\"channel\":\"news\",\"epoch\":5,\"offset\":1}")) {
            List<String> answer = sgc.send(
                    client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":" + params + ",\"id\":\"q\"}");
            assertThat(answer).as(params).hasSize(2);
            assertThat(answer.get(1)).as(params).contains("\"code\":-32602");
        }
        assertThat(sgc.hub.subscriptions(client)).isEmpty();
    }

    @Test
    void resumeIsDecidedByTheSubscribeHandlers() {
        TestConnection client = sgc.connectQuietly();
        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":"
                        + "{\"channel\":\"secret\"},\"id\":\"z\"}");
        assertThat(answer.get(1)).contains("\"error\"").contains("\"data\":\"secret\"");
        assertThat(sgc.hub.subscriptions(client)).isEmpty();
    }
}
