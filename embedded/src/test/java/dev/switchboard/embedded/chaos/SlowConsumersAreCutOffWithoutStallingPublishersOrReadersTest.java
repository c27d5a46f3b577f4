package dev.switchboard.embedded.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several sgc clients subscribe a channel and then stop reading (raw sockets with small receive buffers, never read
 * again) while several publishers send QoS 1 publications and other subscribers read at their own pace. Every
 * publication is acknowledged within the deadline (no publisher stalls), every reading subscriber receives every
 * publication within the deadline, every stalled client is cut off with 4008 once its outbound queue is over its
 * budget in bytes (so what the server holds for it is bounded by that budget) and counted by the slow-consumer metric.
 * (The single-publisher case of the hub's own command protocol is {@code SlowConsumerIsCutOffTest}.)
 */
class SlowConsumersAreCutOffWithoutStallingPublishersOrReadersTest {

    private static final String CHANNEL = "chaos.firehose";
    private static final int MAX_MESSAGES = 64;
    private static final int MAX_BYTES = 256 * 1024;
    private static final int WINDOW = 16;
    /**
     * Publications of this size: the loopback's socket buffers (the server's send buffer grows to megabytes) fill
     * after a few hundred of them, and then a stalled client's queue in a few more.
     */
    private static final String PAYLOAD = "x".repeat(32 * 1024);

    @Test
    void stalledSubscribersAreCutOffWhilePublishersAndReadersKeepTheirPace() throws Exception {
        int stalled = ChaosScale.pick(3, 20);
        int readers = ChaosScale.pick(4, 10);
        int publishers = ChaosScale.pick(2, 4);
        int perPublisher = ChaosScale.pick(300, 1_000);
        try (RunningNode node = RunningNode.start(Map.of(
                ConfigKeys.OUTBOUND_MAX_MESSAGES, String.valueOf(MAX_MESSAGES),
                ConfigKeys.OUTBOUND_MAX_BYTES, String.valueOf(MAX_BYTES),
                // Every scrape counts the closes afresh.
                ConfigKeys.METRICS_READING_TTL, "0"))) {
            double cutOffBefore = slowConsumerDisconnects(node.scrape());
            List<SgcSocket> sockets = new ArrayList<>();
            try {
                List<SgcSocket> stalledSockets = new ArrayList<>();
                for (int i = 0; i < stalled; i++) {
                    SgcSocket socket = SgcSocket.open(node.port(), 4 * 1024);
                    sockets.add(socket);
                    socket.send(Sgc.subscribe(CHANNEL, "s"));
                    socket.awaitText("\"method\":\"sgc@subscribe\"");
                    // From here on it reads nothing.
                    stalledSockets.add(socket);
                }
                List<AtomicInteger> received = new ArrayList<>();
                for (int i = 0; i < readers; i++) {
                    AtomicInteger count = new AtomicInteger();
                    SgcSocket reader = SgcSocket.open(node.port());
                    sockets.add(reader);
                    var texts = reader.read(text -> {
                        if (Sgc.isEvent(text)) {
                            count.incrementAndGet();
                        }
                    });
                    received.add(count);
                    texts.send(Sgc.subscribe(CHANNEL, "s"));
                }
                // A reader's subscription is in force once a publication reaches it.
                Await.until("every reader to be subscribed", () -> {
                    try (SgcSocket probe = SgcSocket.open(node.port())) {
                        probe.send(Sgc.publishQos1(CHANNEL, "probe", "p"));
                    }
                    return received.stream().allMatch(count -> count.get() > 0);
                });
                int probes =
                        received.stream().mapToInt(AtomicInteger::get).max().orElseThrow();
                received.forEach(count -> count.addAndGet(-count.get()));

                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Thread> running = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    int publisher = p;
                    running.add(Thread.ofVirtual().start(() -> {
                        try {
                            publish(node, publisher, perPublisher);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }));
                }
                for (Thread thread : running) {
                    thread.join(Duration.ofSeconds(60));
                }
                assertThat(failures)
                        .as("publishers that stalled or were refused")
                        .isEmpty();
                assertThat(running).noneMatch(Thread::isAlive);

                int total = publishers * perPublisher;
                for (AtomicInteger count : received) {
                    Await.until("every reader to receive all " + total + " publications", () -> count.get() >= total);
                }
                for (SgcSocket socket : stalledSockets) {
                    assertThat(socket.awaitCloseCode())
                            .as("a stalled subscriber's close")
                            .isEqualTo(4008);
                }
                assertThat(probes).isPositive();
                Await.until(
                        "the slow-consumer counter to count every stalled subscriber",
                        () -> slowConsumerDisconnects(node.scrape()) - cutOffBefore >= stalled);
                System.out.printf(
                        "%d stalled subscribers cut off, %d readers each received %d publications of %d publishers%n",
                        stalled, readers, total, publishers);
            } finally {
                for (SgcSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Publishes with {@link #WINDOW} publications in flight; each acknowledgment must come within the deadline.
     */
    private static void publish(RunningNode node, int publisher, int count) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicInteger acknowledged = new AtomicInteger();
        try (SgcSocket socket = SgcSocket.open(node.port())) {
            socket.read(text -> {
                if (Sgc.isAck(text)) {
                    acknowledged.incrementAndGet();
                    window.release();
                } else if (text.contains("\"error\"")) {
                    throw new AssertionError("a publication was refused: " + text);
                }
            });
            for (int i = 0; i < count; i++) {
                if (!window.tryAcquire(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("publisher " + publisher + " got no acknowledgment within "
                            + Await.DEADLINE + " after " + i + " publications");
                }
                String id = publisher + "-" + i;
                socket.send(Sgc.publishQos1(CHANNEL, id + " " + PAYLOAD, id));
            }
            Await.until("every publication to be acknowledged", () -> acknowledged.get() == count);
        }
    }

    private static double slowConsumerDisconnects(String scrape) {
        return RunningNode.sample(scrape, "switchboard_slow_consumer_disconnects_total")
                .orElse(0);
    }
}
