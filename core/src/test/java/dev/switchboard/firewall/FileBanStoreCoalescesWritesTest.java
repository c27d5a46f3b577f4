package dev.switchboard.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.internal.FileBanStore;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBanStoreCoalescesWritesTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Scheduler scheduler = Scheduler.of(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aThousandBansWithinOneIntervalCostAtMostTwoWritesAndCloseWritesTheRest() throws Exception {
        Path file = dir.resolve("bans.txt");
        FileBanStore store = new FileBanStore(file, Duration.ofHours(1), scheduler);
        for (int i = 0; i < 1000; i++) {
            store.save(new Ban("10.0." + i / 256 + "." + i % 256, Instant.EPOCH, Optional.empty(), "storm"));
        }
        assertThat(store.counters().get(FileBanStore.COUNTER_CHANGES)).isEqualTo(1000L);
        assertThat(store.counters().get(FileBanStore.COUNTER_WRITES))
                .as("the first write starts at once, the next waits for the interval")
                .isLessThanOrEqualTo(1L);
        store.close();
        assertThat(store.counters().get(FileBanStore.COUNTER_WRITES)).isLessThanOrEqualTo(2L);
        assertThat(new FileBanStore(file, scheduler).load()).hasSize(1000);
        assertThat(Files.readString(file)).contains("ban\t10.0.3.231\t");
    }

    @Test
    void aChangeAfterCloseIsWrittenAtOnce() {
        Path file = dir.resolve("bans.txt");
        FileBanStore store = new FileBanStore(file, Duration.ofHours(1), scheduler);
        store.close();
        store.save(new Ban("10.0.0.1", Instant.EPOCH, Optional.empty(), "late"));
        assertThat(new FileBanStore(file, scheduler).load())
                .extracting(Ban::address)
                .containsExactly("10.0.0.1");
    }

    @Test
    void writesFollowEachOtherAtTheIntervalWhileChangesKeepComing() throws Exception {
        Path file = dir.resolve("bans.txt");
        FileBanStore store = new FileBanStore(file, Duration.ofMillis(50), scheduler);
        store.save(new Ban("10.0.0.1", Instant.EPOCH, Optional.empty(), "first"));
        awaitWrites(store, 1);
        store.save(new Ban("10.0.0.2", Instant.EPOCH, Optional.empty(), "second"));
        awaitWrites(store, 2);
        assertThat(new FileBanStore(file, scheduler).load()).hasSize(2);
        store.close();
    }

    @Test
    void aSchedulerThatTakesNoMoreTasksLeavesEveryChangeWrittenAtOnce() {
        Path file = dir.resolve("bans.txt");
        FileBanStore store = new FileBanStore(file, Duration.ofHours(1), scheduler);
        executor.shutdownNow(); // the application is stopping
        store.save(new Ban("10.0.0.1", Instant.EPOCH, Optional.empty(), "while stopping"));
        assertThat(new FileBanStore(file, scheduler).load())
                .extracting(Ban::address)
                .containsExactly("10.0.0.1");
        store.close();
    }

    @Test
    void closeCancelsTheScheduledWriteAndWritesItself() throws Exception {
        Path file = dir.resolve("bans.txt");
        FileBanStore store = new FileBanStore(file, Duration.ofMillis(200), scheduler);
        store.save(new Ban("10.0.0.1", Instant.EPOCH, Optional.empty(), "first"));
        awaitWrites(store, 1);
        store.save(new Ban("10.0.0.2", Instant.EPOCH, Optional.empty(), "second"));
        store.close();
        assertThat(store.counters().get(FileBanStore.COUNTER_WRITES)).isEqualTo(2L);
        assertThat(new FileBanStore(file, scheduler).load()).hasSize(2);
    }

    private static void awaitWrites(FileBanStore store, long writes) {
        Await.until(writes + " writes", () -> store.counters().get(FileBanStore.COUNTER_WRITES) >= writes);
    }
}
