package dev.switchboard.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Publication;
import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How one node puts a shared store's publications back in offset order: publications that overtook each other, holes
 * read from the store, holes the store cannot fill, a channel's first publications, duplicates and a new epoch. The
 * scheduler runs waits when the test says so.
 */
class ChannelOrderRestoresOffsetOrderTest {

    /** Runs scheduled tasks only when asked. */
    private static final class HandScheduler implements Scheduler {
        private final List<Runnable> due = new CopyOnWriteArrayList<>();

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            due.add(() -> {
                if (!future.isCancelled()) {
                    task.run();
                    future.complete(null);
                }
            });
            return future;
        }

        @Override
        public Future<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        /** Runs what was scheduled so far (waits that timed out). */
        void runDue() {
            List<Runnable> now = new ArrayList<>(due);
            due.removeAll(now);
            now.forEach(Runnable::run);
        }

        boolean waiting() {
            return !due.isEmpty();
        }
    }

    private final HandScheduler scheduler = new HandScheduler();
    private final List<Publication> delivered = new CopyOnWriteArrayList<>();

    private ChannelOrder order(HistoryStore store, Duration wait) {
        return new ChannelOrder(store, scheduler, wait, 100, delivered::add);
    }

    /** Appends {@code count} publications to a store and returns them as they travel. */
    private static List<Publication> appended(HistoryStore store, String channel, int count) {
        List<Publication> publications = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Position position = store.append(channel, "m" + i);
            publications.add(new Publication(channel, "m" + i, Optional.empty(), position.offset(), position.epoch()));
        }
        return publications;
    }

    private List<Long> offsets() {
        return delivered.stream().map(Publication::offset).toList();
    }

    private static MemoryHistoryStore store(int kept) {
        return new MemoryHistoryStore(kept, Duration.ofMinutes(5), InstantSource.system());
    }

    @Test
    void publicationsInOrderAreDeliveredAtOnce() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));
        appended(store, "c", 3).forEach(order::offer);

        assertThat(offsets()).containsExactly(1L, 2L, 3L);
        assertThat(scheduler.waiting()).isFalse();
    }

    @Test
    void aPublicationThatOvertookAnEarlierOneWaitsForIt() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));
        List<Publication> p = appended(store, "c", 3);

        order.offer(p.get(0));
        order.offer(p.get(2));
        assertThat(offsets()).containsExactly(1L);
        order.offer(p.get(1));

        assertThat(offsets()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aHoleThatOutlastsTheWaitIsReadFromTheStore() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));
        List<Publication> p = appended(store, "c", 4);

        order.offer(p.get(0));
        order.offer(p.get(3));
        scheduler.runDue();

        assertThat(delivered).extracting(Publication::message).containsExactly("m1", "m2", "m3", "m4");
        assertThat(offsets()).containsExactly(1L, 2L, 3L, 4L);
        order.offer(p.get(1));
        assertThat(offsets()).as("the late original is a duplicate now").hasSize(4);
    }

    @Test
    void aHoleTheStoreCannotFillIsWaitedForThenSkippedKeepingWhatTheStoreHas() {
        HistoryStore store = store(2);
        ChannelOrder order = order(store, Duration.ofMillis(1));
        List<Publication> p = appended(store, "c", 5);

        order.offer(p.get(0));
        order.offer(p.get(4));
        scheduler.runDue();
        assertThat(offsets()).as("offsets 2 and 3 may still arrive").containsExactly(1L);
        order.offer(p.get(1));
        assertThat(offsets()).containsExactly(1L, 2L);

        Await.until("the hole to be given up", Duration.ofSeconds(10), () -> {
            scheduler.runDue();
            return delivered.size() == 4;
        });
        assertThat(offsets()).containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void aChannelsFirstPublicationWaitsForEarlierOnesStillOnTheirWay() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));
        List<Publication> p = appended(store, "c", 7);

        order.offer(p.get(6));
        order.offer(p.get(5));
        assertThat(delivered).isEmpty();
        scheduler.runDue();

        assertThat(offsets()).containsExactly(6L, 7L);
    }

    @Test
    void aChannelStartingAtOffsetOneDoesNotWait() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));

        order.offer(appended(store, "c", 1).get(0));

        assertThat(offsets()).containsExactly(1L);
    }

    @Test
    void aNewEpochDeliversWhatWaitedOfTheOldAndStartsAgain() {
        HistoryStore store = store(100);
        ChannelOrder order = order(store, Duration.ofSeconds(1));
        List<Publication> old = appended(store, "c", 3);
        order.offer(old.get(0));
        order.offer(old.get(2));

        Publication reborn = new Publication("c", "new life", Optional.empty(), 1, "another-epoch");
        order.offer(reborn);

        assertThat(delivered).extracting(Publication::message).containsExactly("m1", "m3", "new life");
    }
}
