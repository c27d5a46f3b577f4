package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The {@link HistoryStore} contract, run against every implementation. Stores are created with at most 5
 * messages and 60 seconds per channel, on a clock the tests move.
 */
abstract class HistoryStoreContract {

    static final int MAX_MESSAGES = 5;
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    final MutableClock clock = new MutableClock();

    /** A fresh, empty store with {@link #MAX_MESSAGES} and {@link #MAX_AGE}. */
    abstract HistoryStore store();

    /** A store that lost its history (a restarted node for memory, a wiped table for JDBC). */
    abstract HistoryStore storeAfterHistoryLoss();

    /** The number of channels the store holds state for. */
    abstract long heldChannels(HistoryStore store);

    @Test
    void readingUnknownChannelsCreatesNoState() {
        HistoryStore store = store();
        for (int i = 0; i < 200; i++) {
            store.head("probe-" + i);
            store.read("probe-" + i, 0, 10);
        }
        assertThat(heldChannels(store)).isZero();

        store.append("real", "m");

        assertThat(heldChannels(store)).isEqualTo(1);
    }

    @Test
    void offsetsStartAtOneAndIncreaseByOnePerChannel() {
        HistoryStore store = store();

        Position a1 = store.append("a", "x");
        Position a2 = store.append("a", "y");
        Position b1 = store.append("b", "z");

        assertThat(a1.offset()).isEqualTo(1);
        assertThat(a2.offset()).isEqualTo(2);
        assertThat(b1.offset()).isEqualTo(1);
        assertThat(a2.epoch()).isEqualTo(a1.epoch()).isNotEmpty();
        assertThat(store.head("a")).isEqualTo(a2);
    }

    @Test
    void headOfAnUnknownChannelIsOffsetZeroAndLaterAppendsContinueInItsEpoch() {
        HistoryStore store = store();

        Position head = store.head("new");
        Position first = store.append("new", "m");

        assertThat(head.offset()).isZero();
        assertThat(first).isEqualTo(new Position(head.epoch(), 1));
    }

    @Test
    void readReturnsEntriesAfterTheOffsetOldestFirstUpToTheLimit() {
        HistoryStore store = store();
        for (int i = 1; i <= 4; i++) {
            store.append("c", "m" + i);
        }

        assertThat(store.read("c", 1, 10)).extracting(Entry::offset).containsExactly(2L, 3L, 4L);
        assertThat(store.read("c", 1, 10)).extracting(Entry::message).containsExactly("m2", "m3", "m4");
        assertThat(store.read("c", 0, 2)).extracting(Entry::offset).containsExactly(1L, 2L);
        assertThat(store.read("c", 4, 10)).isEmpty();
        assertThat(store.read("unknown", 0, 10)).isEmpty();
    }

    @Test
    void messagesKeepTheirTextExactly() {
        HistoryStore store = store();
        String text = "line 1\r\nline 2\nline 3\r{\"json\":\"é ✓ \uD83D\uDE00\"}";

        store.append("t", text);

        assertThat(store.read("t", 0, 1))
                .singleElement()
                .extracting(Entry::message)
                .isEqualTo(text);
    }

    @Test
    void countBoundEvictsTheOldestButOffsetsContinue() {
        HistoryStore store = store();
        for (int i = 1; i <= MAX_MESSAGES + 3; i++) {
            store.append("c", "m" + i);
        }

        assertThat(store.read("c", 0, 100)).extracting(Entry::offset).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(store.head("c").offset()).isEqualTo(8);
    }

    @Test
    void ageBoundHidesAndEvictsOldEntries() {
        HistoryStore store = store();
        store.append("c", "old");
        clock.advance(MAX_AGE.minusSeconds(10));
        store.append("c", "young");
        clock.advance(Duration.ofSeconds(11));

        assertThat(store.read("c", 0, 100)).extracting(Entry::message).containsExactly("young");
        clock.advance(MAX_AGE);
        assertThat(store.read("c", 0, 100)).isEmpty();
        assertThat(store.append("c", "later").offset()).isEqualTo(3);
    }

    @Test
    void concurrentAppendsGetDistinctGapFreeOffsets() throws Exception {
        HistoryStore store = store();
        int threads = 8;
        int perThread = 50;
        Set<Long> offsets = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // Appends to two channels race freely; one channel's appends race as well, as they do
                        // when several nodes share a store.
                        store.append("other", "o");
                        offsets.add(store.append("shared", "s").offset());
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(offsets).hasSize(threads * perThread);
        assertThat(offsets).allMatch(o -> o >= 1 && o <= threads * perThread);
        assertThat(store.head("shared").offset()).isEqualTo(threads * perThread);
        assertThat(store.head("other").offset()).isEqualTo(threads * perThread);
    }

    @Test
    void offsetsSeenByOneReaderIncreaseMonotonically() throws Exception {
        HistoryStore store = store();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    store.append("m", "x" + i);
                }
            });
            long last = 0;
            while (!writer.isDone()) {
                long head = store.head("m").offset();
                assertThat(head).isGreaterThanOrEqualTo(last);
                last = head;
            }
            writer.get();
        }
        assertThat(store.head("m").offset()).isEqualTo(200);
    }

    @Test
    void lostHistoryChangesTheEpochAndAResumingClientIsToldOfTheGap() {
        HistoryStore before = store();
        Position seen = before.append("news", "1");
        before.append("news", "2");

        HistoryStore after = storeAfterHistoryLoss();
        after.append("news", "3 after restart");
        ReplayPlan resume = ReplayPlanner.plan(java.util.Optional.of(after), "news", java.util.Optional.of(seen), 100);

        assertThat(after.head("news").epoch()).isNotEqualTo(seen.epoch());
        assertThat(resume.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EPOCH);
            assertThat(gap.previousEpoch()).isEqualTo(seen.epoch());
        });
        assertThat(resume.entries()).extracting(Entry::message).containsExactly("3 after restart");
    }

    @Test
    void evictedOffsetsAfterTheClientsPositionAreReportedAsAGap() {
        HistoryStore store = store();
        Position seen = store.append("c", "1");
        for (int i = 2; i <= MAX_MESSAGES + 3; i++) {
            store.append("c", String.valueOf(i));
        }

        ReplayPlan resume = ReplayPlanner.plan(java.util.Optional.of(store), "c", java.util.Optional.of(seen), 100);

        assertThat(resume.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EVICTED);
            assertThat(gap.fromOffset()).isEqualTo(2);
            assertThat(gap.toOffset()).isEqualTo(3);
        });
        assertThat(resume.entries()).extracting(Entry::offset).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(resume.position()).isEqualTo(store.head("c"));
    }

    @Test
    void aClientThatMissedNothingEvictedGetsExactlyWhatItMissedWithoutGap() {
        HistoryStore store = store();
        store.append("c", "1");
        Position seen = store.append("c", "2");
        store.append("c", "3");
        store.append("c", "4");

        ReplayPlan resume = ReplayPlanner.plan(java.util.Optional.of(store), "c", java.util.Optional.of(seen), 100);

        assertThat(resume.gap()).isEmpty();
        assertThat(resume.entries()).extracting(Entry::message).containsExactly("3", "4");
    }
}
