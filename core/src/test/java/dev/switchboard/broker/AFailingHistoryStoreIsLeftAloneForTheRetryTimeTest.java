package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Publication;
import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A history store whose appends fail (a database that is down) is not called again for the broker's history retry
 * time: the publications in between are delivered without a position, at once, and the first one after the retry time
 * reaches the store again and is stored when the store is back. With a retry time of zero every publication tries it.
 */
class AFailingHistoryStoreIsLeftAloneForTheRetryTimeTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean down = true;

    /** A blocking store (appended to on the lanes) that fails while {@link #down}. */
    private final HistoryStore database = new HistoryStore() {
        private final MemoryHistoryStore memory =
                new MemoryHistoryStore(100, Duration.ofMinutes(5), InstantSource.system());

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public Position append(String channel, String message) {
            calls.incrementAndGet();
            if (down) {
                throw new IllegalStateException("the database is down");
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

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private RecordingDelivery publish(MemoryBroker broker, int count) {
        RecordingDelivery node = new RecordingDelivery("c", "u");
        broker.attach(node);
        for (int i = 0; i < count; i++) {
            broker.publish(new Broker.Publish("ch", "m" + i, Optional.empty(), Optional.empty(), true))
                    .toCompletableFuture()
                    .join();
        }
        Await.until("every publication to be delivered", () -> node.of("ch").size() == count);
        return node;
    }

    @Test
    void afterAFailureThePublicationsOfTheRetryTimeGoOutWithoutCallingTheStore() {
        MemoryBroker broker = new MemoryBroker(
                database,
                Scheduler.of(executor),
                new BrokerSettings(64, Duration.ofSeconds(1), 100, Duration.ofHours(1)));
        RecordingDelivery node = publish(broker, 20);
        assertThat(calls).as("only the first publication met the failing store").hasValue(1);
        assertThat(node.of("ch")).noneMatch(Publication::hasPosition);
    }

    @Test
    void theFirstPublicationAfterTheRetryTimeIsStoredWhenTheStoreIsBack() {
        MemoryBroker broker = new MemoryBroker(
                database,
                Scheduler.of(executor),
                new BrokerSettings(64, Duration.ofSeconds(1), 100, Duration.ofMillis(50)));
        publish(broker, 1);
        down = false;
        RecordingDelivery node = new RecordingDelivery("c", "u");
        broker.attach(node);
        int[] sent = {0};
        Await.until("a publication to be stored again", () -> {
            broker.publish(new Broker.Publish("ch", "again" + sent[0]++, Optional.empty(), Optional.empty(), true))
                    .toCompletableFuture()
                    .join();
            return node.of("ch").stream().anyMatch(Publication::hasPosition);
        });
        assertThat(calls).hasValueGreaterThan(1);
    }

    @Test
    void aRetryTimeOfZeroTriesTheStoreForEveryPublication() {
        MemoryBroker broker = new MemoryBroker(
                database, Scheduler.of(executor), new BrokerSettings(64, Duration.ofSeconds(1), 100, Duration.ZERO));
        publish(broker, 20);
        assertThat(calls).hasValue(20);
    }
}
