package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import java.time.Duration;
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
