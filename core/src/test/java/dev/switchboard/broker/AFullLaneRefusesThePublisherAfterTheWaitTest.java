package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AFullLaneRefusesThePublisherAfterTheWaitTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean appending;

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    /** A store that may block, and does until released. */
    private final HistoryStore stalled = new HistoryStore() {
        private final MemoryHistoryStore memory =
                new MemoryHistoryStore(10, Duration.ofMinutes(5), InstantSource.system());

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public Position append(String channel, String message) {
            appending = true;
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return memory.append(channel, message);
        }

        @Override
        public Position head(String channel) {
            return memory.head(channel);
        }

        @Override
        public List<Entry> read(String channel, long afterOffset, int limit) {
            return memory.read(channel, afterOffset, limit);
        }
    };

    @Test
    void publicationsBeyondTheLaneCapacityAreRefusedOnceTheWaitIsOverAndTheRestAreDelivered() {
        MemoryBroker broker =
                new MemoryBroker(stalled, Scheduler.of(executor), new BrokerSettings(2, Duration.ofMillis(20), 100));
        RecordingDelivery node = new RecordingDelivery("c", "u");
        broker.attach(node);
        Broker.Publish publish = new Broker.Publish("ch", "m", Optional.empty(), Optional.empty());

        // One is being appended (stalled), two wait in the lane: three are taken, the fourth is refused.
        for (int i = 0; i < 3; i++) {
            assertThat(broker.publish(publish).toCompletableFuture().join().deliveredHere())
                    .isZero();
            if (i == 0) {
                Await.until("the first publication to stall in the store", () -> appending);
            }
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> broker.publish(publish).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(PublicationRefusedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(20));

        release.countDown();
        Await.until("three publications delivered", () -> node.of("ch").size() == 3);
        assertThat(node.of("ch")).extracting(p -> p.offset()).containsExactly(1L, 2L, 3L);
    }
}
