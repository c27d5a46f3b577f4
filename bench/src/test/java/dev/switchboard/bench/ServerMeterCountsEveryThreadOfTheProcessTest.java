package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMeterCountsEveryThreadOfTheProcessTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aThreadStartedAndFinishedBetweenTwoReadingsIsCounted() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread run times need Linux's /proc");
        ServerMeter cpu = ServerMeter.of(ProcessHandle.current());
        ServerMeter.Reading before = cpu.read();
        AtomicLong burnt = new AtomicLong();
        Thread burner = new Thread(() -> burnt.set(burn(200_000_000L)));
        burner.start();
        // Read while the thread still runs: a thread that ended before the second reading would not be in it.
        while (burnt.get() == 0 && THREADS.getThreadCpuTime(burner.threadId()) < 150_000_000L) {
            Thread.onSpinWait();
        }
        ServerMeter.Reading after = cpu.read();
        burner.join();

        long used = after.since(before);
        assertThat(used).isGreaterThanOrEqualTo(150_000_000L);
        assertThat(ServerMeter.perUnit(before, after, 1000, 1)).isEqualTo(used / 1000.0);
    }

    @Test
    void aMissingReadingGivesNoFigure() {
        ServerMeter.Reading some = ServerMeter.of(ProcessHandle.current()).read();
        assertThat(ServerMeter.perUnit(new ServerMeter.Reading(java.util.Map.of(), -1), some, 10, 1))
                .isNaN();
        assertThat(ServerMeter.perUnit(some, some, 0, 1)).isNaN();
    }

    @Test
    void aSleepingProcessIsQuietAndASpinningOneIsNot() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread run times need Linux's /proc");
        Process sleeping = new ProcessBuilder("sleep", "30").start();
        Process spinning = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            assertThat(ServerMeter.of(sleeping.toHandle()).awaitQuiet(java.time.Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(ServerMeter.of(spinning.toHandle()).awaitQuiet(java.time.Duration.ofSeconds(1)))
                    .isFalse();
        } finally {
            sleeping.destroyForcibly();
            spinning.destroyForcibly();
        }
    }

    @Test
    void aJvmsAllocationIsReadThroughItsManagementAgent(@TempDir Path directory) throws Exception {
        Path source = directory.resolve("Allocate.java");
        Files.writeString(source, """
                public class Allocate {
                    public static void main(String[] args) throws Exception {
                        java.util.List<byte[]> kept = new java.util.ArrayList<>();
                        while (true) {
                            for (int i = 0; i < 1000; i++) {
                                kept.add(new byte[1024]);
                            }
                            kept.clear();
                            Thread.sleep(10);
                        }
                    }
                }
                """);
        String launcher =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(launcher, "-Xmx64m", source.toString()).start();
        try {
            ServerMeter meter = ServerMeter.of(jvm.toHandle());
            // The attach API lists a JVM once it has started; until then there is no reading, and no failed one kept.
            long first = awaitAllocation(meter, reading -> reading >= 0);
            long later = awaitAllocation(meter, reading -> reading > first + 10_000_000L);
            assertThat(ServerMeter.allocatedPerUnit(
                            new ServerMeter.Reading(java.util.Map.of(), first),
                            new ServerMeter.Reading(java.util.Map.of(), later),
                            10))
                    .isEqualTo((later - first) / 10.0);
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsNoJvmHasNoAllocationFigureAndIsLeftAlone() throws Exception {
        Process sleeping = new ProcessBuilder("sleep", "30").start();
        try {
            ServerMeter.Reading reading = ServerMeter.of(sleeping.toHandle()).read();
            assertThat(reading.allocated()).isEqualTo(-1);
            assertThat(ServerMeter.allocatedPerUnit(reading, reading, 10)).isNaN();
            // Attaching signals the process; a process not listed as a JVM must never get that signal.
            assertThat(sleeping.isAlive()).isTrue();
        } finally {
            sleeping.destroyForcibly();
        }
    }

    /** Reads the meter until its allocation reading passes {@code test}, for at most thirty seconds. */
    private static long awaitAllocation(ServerMeter meter, java.util.function.LongPredicate test)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long reading = meter.read().allocated();
        while (!test.test(reading)) {
            assertThat(System.nanoTime())
                    .as("allocation reading %d within 30 s", reading)
                    .isLessThan(deadline);
            Thread.onSpinWait();
            reading = meter.read().allocated();
        }
        return reading;
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
