package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.Links;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Qos2DeliversOnceUnderRepeatsAndCutsTest {

    /** Passes everything on to the client, keeping a copy of every frame the server sent. */
    static final class Tap implements LinkListener {
        final LinkListener client;
        final List<String> frames = new CopyOnWriteArrayList<>();

        Tap(LinkListener client) {
            this.client = client;
        }

        @Override
        public void opened(LinkSession session) {
            client.opened(session);
        }

        @Override
        public void text(String text) {
            frames.add(text);
            client.text(text);
        }

        @Override
        public void closed(LinkClosed closed) {
            client.closed(closed);
        }

        @Override
        public void dropped(String text, String reason) {
            client.dropped(text, reason);
        }

        @Override
        public void error(Throwable error) {
            client.error(error);
        }
    }

    @Test
    void aQos2MessageTheServerRepeatsReachesTheApplicationOnce() throws Exception {
        // Server QoS 2, re-sent after a second: with every byte delayed 1.5 s each way, the client's pubrec comes
        // back too late and the server sends its error answer again.
        SwitchboardServer server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all())
                .environmentEntry(ConfigKeys.SGC_QOS_LEVEL, "2")
                .environmentEntry(ConfigKeys.SGC_QOS_INTERVAL, "1")
                .environmentEntry(ConfigKeys.SGC_QOS_TIMEOUT, "1"));
        Recorder received = new Recorder();
        AtomicInteger taps = new AtomicInteger();
        List<Tap> tapped = new CopyOnWriteArrayList<>();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                SwitchboardClient client = SwitchboardClient.builder()
                        .link(listener -> {
                            Tap tap = new Tap(listener);
                            tapped.add(tap);
                            taps.incrementAndGet();
                            return Links.create(
                                    Clients.options(TestServers.ws(proxy.port()))
                                            .heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(20))
                                            .build(),
                                    tap);
                        })
                        .listener(received)
                        .build()) {
            client.connect().get(20, TimeUnit.SECONDS);
            proxy.delay(Duration.ofMillis(1500));
            // Refused by the publish handler after the acknowledgment: an error answer nobody awaits, with an id.
            client.publish("closed.qos2", "knock", Qos.AT_LEAST_ONCE).get(20, TimeUnit.SECONDS);
            Tap tap = tapped.get(0);
            Await.value(
                    "the server to send its error answer twice",
                    Duration.ofSeconds(20),
                    () -> tap.frames.stream()
                            .filter(f -> f.contains("\"error\"") && f.contains("closed.qos2"))
                            .count(),
                    count -> count >= 2);
            proxy.delay(Duration.ZERO);
            // The release completes: pubrel from the server, acknowledged by the client.
            Await.until(
                    "the server releases it",
                    Duration.ofSeconds(20),
                    () -> tap.frames.stream().anyMatch(f -> f.contains("sgc@pubrel")));
            client.publish("open.qos2", "marker", Qos.AT_LEAST_ONCE).get(20, TimeUnit.SECONDS);
            assertThat(received.of(ClientEvent.Failure.class))
                    .as("the application is told of the refusal once")
                    .hasSize(1);
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void manyQos2PublicationsAtOnceWaitForTheWindowAndArriveInOrder() throws Exception {
        SwitchboardServer server = TestServers.start();
        Recorder received = new Recorder();
        int total = 300;
        try (SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(server));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server));
                SwitchboardClient greedy =
                        Clients.connected(new Recorder(), builder -> builder.qos2Window(100), TestServers.ws(server))) {
            subscriber.subscribe("qos2.window").get(10, TimeUnit.SECONDS);
            subscriber.subscribe("qos2.greedy").get(10, TimeUnit.SECONDS);
            // Far more than the server holds for an anonymous connection (32) at once.
            List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < total; i++) {
                all.add(publisher.publish("qos2.window", "w" + i, Qos.EXACTLY_ONCE));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("qos2.window", total))
                    .containsExactlyElementsOf(
                            IntStream.range(0, total).mapToObj(i -> "w" + i).toList());

            // A window larger than the server's budget meets refusals: those wait for the next release.
            List<CompletableFuture<Void>> more = new java.util.ArrayList<>();
            for (int i = 0; i < total; i++) {
                more.add(greedy.publish("qos2.greedy", "g" + i, Qos.EXACTLY_ONCE));
            }
            CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("qos2.greedy", total))
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, total).mapToObj(i -> "g" + i).toList());
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void pipelinedQos2PublicationsThroughCutsReachTheSubscriberEachExactlyOnce() throws Exception {
        SwitchboardServer server = TestServers.start();
        Recorder received = new Recorder();
        int total = 400;
        int cuts = 6;
        List<Tap> publisherLinks = new CopyOnWriteArrayList<>();
        try (FaultyProxy publisherProxy = FaultyProxy.to(server.port());
                FaultyProxy subscriberProxy = FaultyProxy.to(server.port());
                SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(subscriberProxy.port()));
                SwitchboardClient publisher = Clients.connected(
                        new Recorder(),
                        b -> b.qosRetry(Duration.ofMillis(500)).link(listener -> {
                            Tap tap = new Tap(listener);
                            publisherLinks.add(tap);
                            return Links.create(
                                    Clients.options(TestServers.ws(publisherProxy.port()))
                                            .build(),
                                    tap);
                        }),
                        TestServers.ws(publisherProxy.port()))) {
            subscriber.subscribe("qos2.cuts").get(10, TimeUnit.SECONDS);
            // Every chunk of bytes waits a little, so that each cut finds QoS 2 flows at every step: sent, stored,
            // released and processed but not yet acknowledged.
            publisherProxy.delay(Duration.ofMillis(10));
            // Pipelined: every publication is made at once; the client keeps qos2Window (16) flows going.
            List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < total; i++) {
                all.add(publisher.publish("qos2.cuts", "q" + i, Qos.EXACTLY_ONCE));
            }
            CompletableFuture<Void> publishing = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
            for (int cut = 0; cut < cuts; cut++) {
                int before = received.messages("qos2.cuts").size();
                Await.until(
                        "more publications arrive",
                        () -> received.messages("qos2.cuts").size() > before + 10 || publishing.isDone());
                // Both sides lose their connection in the middle of QoS 2 flows.
                (cut % 2 == 0 ? publisherProxy : subscriberProxy).cutAll();
                if (cut % 2 == 1) {
                    publisherProxy.cutAll();
                }
            }
            publishing.get(60, TimeUnit.SECONDS);
            List<String> expected =
                    IntStream.range(0, total).mapToObj(i -> "q" + i).toList();
            List<ClientEvent.Publication> publications = Await.value(
                    "every publication",
                    Duration.ofSeconds(30),
                    () -> received.of(ClientEvent.Publication.class),
                    p -> p.stream()
                                    .map(ClientEvent.Publication::message)
                                    .distinct()
                                    .count()
                            >= total);
            // The subscriber's application sees each publication once: no offset twice, none skipped.
            List<Long> offsets =
                    publications.stream().map(ClientEvent.Publication::offset).toList();
            assertThat(offsets).doesNotHaveDuplicates().isSorted();
            assertThat(offsets.get(offsets.size() - 1) - offsets.get(0) + 1).isEqualTo(offsets.size());
            // The server processed each publication exactly once, in the order made: no second copy even for a
            // flow whose release was processed just before its connection was cut.
            assertThat(publications.stream()
                            .map(ClientEvent.Publication::message)
                            .toList())
                    .containsExactlyElementsOf(expected);
            assertThat(received.of(ClientEvent.Gap.class)).isEmpty();
            // The cuts did find flows in progress: later connections took over the QoS 2 state left by earlier ones.
            assertThat(publisherLinks.stream()
                            .flatMap(tap -> tap.frames.stream())
                            .filter(f -> f.contains("sgc@qos-session") && f.contains("\"adopted\":true")))
                    .isNotEmpty();
        } finally {
            TestServers.stop(server);
        }
    }

    @Test
    void aReconnectBeforeTheServerSawTheOldConnectionEndWaitsForTheQosSessionThenDeliversOnce() throws Exception {
        // The server finds the old connection dead only by its heartbeat (about two seconds here).
        SwitchboardServer server =
                TestServers.start(builder -> builder.environmentEntry(ConfigKeys.HEARTBEAT_INTERVAL, "1")
                        .environmentEntry(ConfigKeys.HEARTBEAT_TIMEOUT, "1"));
        Recorder received = new Recorder();
        List<Tap> publisherLinks = new CopyOnWriteArrayList<>();
        try (FaultyProxy first = FaultyProxy.to(server.port());
                FaultyProxy second = FaultyProxy.to(server.port());
                SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(server));
                SwitchboardClient publisher = Clients.connected(
                        new Recorder(),
                        b -> b.qosRetry(Duration.ofSeconds(1)).link(listener -> {
                            Tap tap = new Tap(listener);
                            publisherLinks.add(tap);
                            return Links.create(
                                    Clients.options(TestServers.ws(first.port()), TestServers.ws(second.port()))
                                            .heartbeat(Duration.ofMillis(200), Duration.ofMillis(400))
                                            .build(),
                                    tap);
                        }),
                        TestServers.ws(first.port()))) {
            subscriber.subscribe("qos2.held").get(10, TimeUnit.SECONDS);
            publisher.publish("qos2.held", "before", Qos.EXACTLY_ONCE).get(10, TimeUnit.SECONDS);
            // The first path goes silent without closing: the client's heartbeat gives it up and the client moves to
            // the second path while the server still holds the old connection and with it the QoS session.
            first.refusing(true).stalled(true);
            CompletableFuture<Void> after = publisher.publish("qos2.held", "after", Qos.EXACTLY_ONCE);
            after.get(30, TimeUnit.SECONDS);
            List<String> frames = publisherLinks.get(0).frames;
            assertThat(frames.stream().filter(f -> f.contains("\"code\":-32009")))
                    .as("the key was refused while the old connection lived")
                    .isNotEmpty();
            assertThat(frames.stream().filter(f -> f.contains("sgc@qos-session") && f.contains("\"adopted\":true")))
                    .as("then taken over")
                    .isNotEmpty();
            publisher.publish("qos2.held", "marker", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("qos2.held", 3)).containsExactly("before", "after", "marker");
        } finally {
            TestServers.stop(server);
        }
    }
}
