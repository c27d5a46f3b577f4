package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.broker.BrokerSettings;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker appends to the history before it delivers: a client resuming in between is replayed the stored entry,
 * and the live delivery of that entry skips it, so it sees each entry once and the next ones live.
 */
class AResumeDuringAnUndeliveredPublicationGetsEveryEntryOnceTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final MemoryHistoryStore memory = new MemoryHistoryStore(10, Duration.ofMinutes(5), InstantSource.system());
    private volatile String holdAfterStoring = "";
    private volatile boolean holding;

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    /** Stores at once, then, for one message, holds the broker's lane before it can deliver. */
    private final HistoryStore store = new HistoryStore() {
        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public Position append(String channel, String message) {
            Position position = memory.append(channel, message);
            if (message.equals(holdAfterStoring)) {
                holding = true;
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return position;
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
    void theReplayedEntryIsNotDeliveredAgainAndTheNextArrivesLive() {
        ConnectionRegistry registry = new ConnectionRegistry();
        LocalDelivery delivery = new LocalDelivery(registry, true, Scheduler.of(executor), 0);
        Broker broker = new MemoryBroker(store, Scheduler.of(executor), BrokerSettings.DEFAULTS);
        broker.attach(delivery);
        RecordingConnection client = new RecordingConnection(new SubprotocolHandler() {});
        registry.add(client);
        Broker.Publish one = new Broker.Publish("ch", "one", Optional.empty(), Optional.empty());
        broker.publish(one);
        Await.until("the first entry stored", () -> memory.head("ch").offset() == 1);
        HistoryStore.Position seen = memory.head("ch");

        holdAfterStoring = "two";
        broker.publish(new Broker.Publish("ch", "two", Optional.empty(), Optional.empty()));
        Await.until("the second publication held after storing", () -> holding);
        delivery.subscribeAfterReplay(
                client,
                "ch",
                () -> broker.replay("ch", Optional.of(seen), 10),
                plan -> plan.entries().forEach(entry -> client.sendText("replayed " + entry.message())));
        release.countDown();
        broker.publish(new Broker.Publish("ch", "three", Optional.empty(), Optional.empty()));

        Await.until("the third publication delivered live", () -> client.texts().contains("three"));
        assertThat(client.texts()).containsExactly("replayed two", "three");
    }
}
