package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryHistoryStoreTest extends HistoryStoreContract {

    @Override
    HistoryStore store() {
        return new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, clock);
    }

    @Override
    HistoryStore storeAfterHistoryLoss() {
        return store();
    }

    @Override
    long heldChannels(HistoryStore store) {
        return ((MemoryHistoryStore) store).channelCount();
    }

    @Test
    void theGlobalChannelCapDropsTheChannelsLeastRecentlyAppendedTo() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, 10, 1 << 20, clock);
        for (int i = 0; i < 10; i++) {
            store.append("c" + i, "m");
        }
        store.append("c0", "again");

        store.append("c10", "m");

        assertThat(store.channelCount()).isLessThanOrEqualTo(10);
        assertThat(store.read("c1", 0, 10)).as("least recently appended").isEmpty();
        assertThat(store.read("c0", 0, 10)).as("appended to lately").isNotEmpty();
        assertThat(store.read("c10", 0, 10)).isNotEmpty();
    }

    @Test
    void theGlobalByteCapDropsWholeChannelsOldestFirst() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, 1000, 4000, clock);
        String message = "x".repeat(500);
        for (int i = 0; i < 5; i++) {
            store.append("c" + i, message);
        }

        assertThat(store.bytes()).isLessThanOrEqualTo(4000);
        assertThat(store.read("c0", 0, 10)).isEmpty();
        assertThat(store.read("c4", 0, 10))
                .extracting(HistoryStore.Entry::message)
                .containsExactly(message);
    }

    @Test
    void aClientResumingAChannelDroppedByTheCapIsToldOfAnEpochGap() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, 2, 1 << 20, clock);
        Position fresh = store.head("watched");
        store.append("watched", "1");
        Position seen = store.append("watched", "2");
        store.append("watched", "3 missed");
        store.append("a", "m");
        store.append("b", "m");
        store.append("watched", "4 after the drop");

        for (Position from : List.of(fresh, seen)) {
            ReplayPlan resume = ReplayPlanner.plan(Optional.of(store), "watched", Optional.of(from), 100);
            assertThat(resume.gap())
                    .hasValueSatisfying(gap -> assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EPOCH));
            assertThat(resume.entries()).extracting(HistoryStore.Entry::message).containsExactly("4 after the drop");
        }
    }

    @Test
    void aPositionTakenBeforeTheFirstAppendContinuesWithoutGap() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, clock);
        Position fresh = store.head("new");
        store.append("new", "first");

        ReplayPlan resume = ReplayPlanner.plan(Optional.of(store), "new", Optional.of(fresh), 100);

        assertThat(resume.gap()).isEmpty();
        assertThat(resume.entries()).extracting(HistoryStore.Entry::message).containsExactly("first");
    }

    @Test
    void idleExpiredChannelsAreForgottenAndComeBackWithANewEpoch() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, clock);
        Position before = store.append("short-lived", "x");
        store.append("busy", "y");
        clock.advance(MAX_AGE.plusSeconds(1));
        store.append("busy", "z");

        store.sweepNow();

        assertThat(store.channelCount()).isEqualTo(1);
        assertThat(store.head("short-lived").epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void aPositionHandedOutKeepsAnEmptyChannelKnown() {
        MemoryHistoryStore store = new MemoryHistoryStore(MAX_MESSAGES, MAX_AGE, clock);
        Position head = store.head("quiet");
        clock.advance(MAX_AGE.minus(Duration.ofSeconds(1)));

        store.sweepNow();

        assertThat(store.head("quiet")).isEqualTo(head);
    }
}
