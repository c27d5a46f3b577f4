package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlannerTest {

    private final MemoryHistoryStore store = new MemoryHistoryStore(100, Duration.ofMinutes(5), new MutableClock());

    @Test
    void aClientWithoutPositionStartsAtTheHeadWithoutReplay() {
        store.append("c", "1");

        ReplayPlan resume = ReplayPlanner.plan(Optional.of(store), "c", Optional.empty(), 10);

        assertThat(resume.gap()).isEmpty();
        assertThat(resume.entries()).isEmpty();
        assertThat(resume.position()).isEqualTo(store.head("c"));
    }

    @Test
    void moreMissedThanTheLimitReplaysTheNewestAndReportsTheRestAsAGap() {
        Position seen = store.append("c", "1");
        for (int i = 2; i <= 10; i++) {
            store.append("c", String.valueOf(i));
        }

        ReplayPlan resume = ReplayPlanner.plan(Optional.of(store), "c", Optional.of(seen), 3);

        assertThat(resume.entries()).extracting(Entry::offset).containsExactly(8L, 9L, 10L);
        assertThat(resume.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EVICTED);
            assertThat(gap.fromOffset()).isEqualTo(2);
            assertThat(gap.toOffset()).isEqualTo(7);
        });
    }

    @Test
    void aPublicationAppendedBetweenTheHeadAndTheReadIsLeftToTheLiveDelivery() {
        Position seen = store.append("c", "1");
        store.append("c", "2");
        // A publisher appends right after the planner read the head, before it reads the entries.
        HistoryStore racing = new HistoryStore() {
            @Override
            public Position append(String channel, String message) {
                return store.append(channel, message);
            }

            @Override
            public Position head(String channel) {
                Position head = store.head(channel);
                store.append(channel, "3");
                return head;
            }

            @Override
            public List<Entry> read(String channel, long afterOffset, int limit) {
                return store.read(channel, afterOffset, limit);
            }
        };

        ReplayPlan resume = ReplayPlanner.plan(Optional.of(racing), "c", Optional.of(seen), 10);

        assertThat(resume.entries()).extracting(Entry::offset).containsExactly(2L);
        assertThat(resume.position().offset()).isEqualTo(2);
        assertThat(resume.gap()).isEmpty();
    }

    @Test
    void anOffsetBeyondTheHeadIsTreatedAsALostEpoch() {
        Position head = store.append("c", "1");

        ReplayPlan resume =
                ReplayPlanner.plan(Optional.of(store), "c", Optional.of(new Position(head.epoch(), 99)), 10);

        assertThat(resume.gap()).map(ReplayPlan.Gap::reason).hasValue(ReplayPlan.Gap.EPOCH);
    }

    @Test
    void withoutHistoryAClientWithAPositionIsToldItIsUnavailable() {
        ReplayPlan resume = ReplayPlanner.plan(Optional.empty(), "c", Optional.of(new Position("e1", 4)), 10);

        assertThat(resume.gap()).map(ReplayPlan.Gap::reason).hasValue(ReplayPlan.Gap.UNAVAILABLE);
        assertThat(resume.entries()).isEmpty();
    }

    @Test
    void aFailingStoreIsReportedAsUnavailableNotThrown() {
        HistoryStore broken = new HistoryStore() {
            @Override
            public Position append(String channel, String message) {
                throw new IllegalStateException("down");
            }

            @Override
            public Position head(String channel) {
                throw new IllegalStateException("down");
            }

            @Override
            public List<Entry> read(String channel, long afterOffset, int limit) {
                throw new IllegalStateException("down");
            }
        };

        ReplayPlan resume = ReplayPlanner.plan(Optional.of(broken), "c", Optional.of(new Position("e1", 4)), 10);

        assertThat(resume.gap()).map(ReplayPlan.Gap::reason).hasValue(ReplayPlan.Gap.UNAVAILABLE);
        assertThat(resume.position()).isEqualTo(new Position("e1", 4));
    }
}
