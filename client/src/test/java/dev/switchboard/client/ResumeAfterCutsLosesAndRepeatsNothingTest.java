package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResumeAfterCutsLosesAndRepeatsNothingTest {

    @Test
    void aSubscriberCutWhilePublicationsContinueGetsEachOnceInOrder() throws Exception {
        int total = 300;
        // History keeps every publication of the test: however long a reconnect takes on a loaded machine, what the
        // subscriber missed is still there to replay (a longer absence is the Gap case, tested below).
        SwitchboardServer server = TestServers.start(
                builder -> builder.environmentEntry(ConfigKeys.HISTORY_MAX_MESSAGES, String.valueOf(total)));
        Recorder received = new Recorder();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(proxy.port()));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            subscriber.subscribe("resume.feed").get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    publisher.publish("resume.feed", "m" + i, Qos.AT_LEAST_ONCE).join();
                }
            });
            for (int cut = 1; cut <= 4; cut++) {
                int before = received.messages("resume.feed").size();
                Await.until(
                        "more publications arrive",
                        () -> received.messages("resume.feed").size() > before + 20 || publishing.isDone());
                proxy.cutAll();
                int opened = cut + 1;
                received.await(ClientEvent.Opened.class, o -> true, opened);
            }
            publishing.get(60, TimeUnit.SECONDS);
            List<String> expected =
                    IntStream.range(0, total).mapToObj(i -> "m" + i).toList();
            Await.value(
                    "every publication",
                    Duration.ofSeconds(30),
                    () -> received.messages("resume.feed"),
                    messages -> messages.size() >= total);
            assertThat(received.messages("resume.feed")).containsExactlyElementsOf(expected);
            assertThat(received.of(ClientEvent.Gap.class)).isEmpty();
            assertThat(received.of(ClientEvent.Opened.class))
                    .filteredOn(ClientEvent.Opened::reconnected)
                    .hasSize(4);
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void aNewClientResumesFromPositionsSavedByAnEarlierOne() throws Exception {
        SwitchboardServer server = TestServers.start();
        try (SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            Recorder first = new Recorder();
            Map<String, SwitchboardClient.Position> saved;
            try (SwitchboardClient client = Clients.connected(first, TestServers.ws(server))) {
                client.subscribe("resume.saved").get(10, TimeUnit.SECONDS);
                publisher.publish("resume.saved", "a", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
                first.awaitMessages("resume.saved", 1);
                saved = client.positions();
            }
            publisher.publish("resume.saved", "b", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            publisher.publish("resume.saved", "c", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);

            Recorder second = new Recorder();
            try (SwitchboardClient client =
                    Clients.connected(second, builder -> builder.resumeFrom(saved), TestServers.ws(server))) {
                client.subscribe("resume.saved").get(10, TimeUnit.SECONDS);
                publisher.publish("resume.saved", "d", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
                assertThat(second.awaitMessages("resume.saved", 3)).containsExactly("b", "c", "d");
            }
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void whatTheHistoryNoLongerHoldsIsAnEvictedGapThenTheRest() throws Exception {
        SwitchboardServer server =
                TestServers.start(builder -> builder.environmentEntry(ConfigKeys.HISTORY_MAX_MESSAGES, "5"));
        Recorder received = new Recorder();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(proxy.port()));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            subscriber.subscribe("resume.short").get(10, TimeUnit.SECONDS);
            publisher.publish("resume.short", "first", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.awaitMessages("resume.short", 1);
            long seen = subscriber.positions().get("resume.short").offset();

            proxy.refusing(true).cutAll();
            received.await(ClientEvent.Closed.class, c -> c.reconnecting(), 1);
            for (int i = 0; i < 12; i++) {
                publisher.publish("resume.short", "away" + i, Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            }
            proxy.refusing(false);

            ClientEvent.Gap gap =
                    received.await(ClientEvent.Gap.class, g -> true, 1).get(0);
            assertThat(gap.channel()).isEqualTo("resume.short");
            assertThat(gap.reason()).isEqualTo("evicted");
            assertThat(gap.from()).isEqualTo(seen + 1);
            assertThat(gap.to()).isEqualTo(seen + 7);
            // The five the history still holds follow the gap, once each, in order.
            assertThat(received.awaitMessages("resume.short", 6))
                    .containsExactly("first", "away7", "away8", "away9", "away10", "away11");
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void withoutHistoryTheApplicationIsToldThatWhatWasPublishedMeanwhileIsUnknown() throws Exception {
        SwitchboardServer server =
                TestServers.start(builder -> builder.environmentEntry(ConfigKeys.HISTORY_STORE, "none"));
        Recorder received = new Recorder();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(proxy.port()));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            subscriber.subscribe("resume.none").get(10, TimeUnit.SECONDS);
            publisher.publish("resume.none", "before", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.awaitMessages("resume.none", 1);

            proxy.refusing(true).cutAll();
            received.await(ClientEvent.Closed.class, c -> c.reconnecting(), 1);
            publisher.publish("resume.none", "lost", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            proxy.refusing(false);

            ClientEvent.Gap gap =
                    received.await(ClientEvent.Gap.class, g -> true, 1).get(0);
            assertThat(gap.channel()).isEqualTo("resume.none");
            assertThat(gap.reason()).isEqualTo("unavailable");
            publisher.publish("resume.none", "after", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("resume.none", 2)).containsExactly("before", "after");
        } finally {
            TestServers.stop(server);
        }
    }
}
