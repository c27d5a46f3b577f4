package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServerCpuCountsEveryThreadOfTheProcessTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aThreadStartedAndFinishedBetweenTwoReadingsIsCounted() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread run times need Linux's /proc");
        ServerCpu cpu = ServerCpu.of(ProcessHandle.current());
        ServerCpu.Reading before = cpu.read();
        AtomicLong burnt = new AtomicLong();
        Thread burner = new Thread(() -> burnt.set(burn(200_000_000L)));
        burner.start();
        // Read while the thread still runs: a thread that ended before the second reading would not be in it.
        while (burnt.get() == 0 && THREADS.getThreadCpuTime(burner.threadId()) < 150_000_000L) {
            Thread.onSpinWait();
        }
        ServerCpu.Reading after = cpu.read();
        burner.join();

        long used = after.since(before);
        assertThat(used).isGreaterThanOrEqualTo(150_000_000L);
        assertThat(ServerCpu.perUnit(before, after, 1000, 1)).isEqualTo(used / 1000.0);
    }

    @Test
    void aMissingReadingGivesNoFigure() {
        ServerCpu.Reading some = ServerCpu.of(ProcessHandle.current()).read();
        assertThat(ServerCpu.perUnit(new ServerCpu.Reading(java.util.Map.of()), some, 10, 1))
                .isNaN();
        assertThat(ServerCpu.perUnit(some, some, 0, 1)).isNaN();
    }

    @Test
    void aSleepingProcessIsQuietAndASpinningOneIsNot() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread run times need Linux's /proc");
        Process sleeping = new ProcessBuilder("sleep", "30").start();
        Process spinning = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            assertThat(ServerCpu.of(sleeping.toHandle()).awaitQuiet(java.time.Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(ServerCpu.of(spinning.toHandle()).awaitQuiet(java.time.Duration.ofSeconds(1)))
                    .isFalse();
        } finally {
            sleeping.destroyForcibly();
            spinning.destroyForcibly();
        }
    }

    /** Spins until this thread has used {@code nanos} of CPU; returns what it used. */
    private static long burn(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long used;
        long sink = 0;
        do {
            for (int i = 0; i < 10_000; i++) {
                sink += i * 31L ^ sink;
            }
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < nanos || sink == 42);
        return used;
    }
}
