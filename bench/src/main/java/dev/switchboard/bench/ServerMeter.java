package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time a server process uses during a measured phase, and the heap it allocates meanwhile when it is a JVM
 * ({@link ServerAllocation}). What a server spends per message is a steadier figure
 * than how many messages per second it gets through: on a machine the driver shares, throughput also depends on how
 * the scheduler splits the cores between driver and server, while the CPU the server burns for a message much less
 * so. It is the figure that shows a small constant cost per message, such as counting it.
 *
 * <p>On Linux it sums the scheduler's run time of every thread ({@code /proc/<pid>/task/<tid>/schedstat}, in
 * nanoseconds), per thread, so a thread started during the phase counts from zero; a thread that ends during the
 * phase loses what it used since the first reading (servers keep their pools through a phase, so this is rare and
 * small). Elsewhere it falls back on {@link ProcessHandle.Info#totalCpuDuration()}, whose resolution is the kernel's
 * tick (10 ms on Linux): too coarse for a phase of less than some seconds of CPU.
 *
 * <p>Allocation per message shows what a change to the message path costs the collector, which throughput and CPU
 * time show only once the collector runs often enough; the JMX reading itself allocates some kilobytes in the server,
 * nothing against a phase of a hundred thousand messages.
 */
final class ServerMeter {

    /**
     * A reading: run time per thread, or the process total under the key -1 when threads cannot be read; and the
     * bytes the JVM allocated so far, -1 when unknown.
     */
    record Reading(Map<Long, Long> threads, long allocated) {

        /** The bytes allocated from {@code earlier} to this reading; -1 when either is unknown. */
        long allocatedSince(Reading earlier) {
            return allocated < 0 || earlier.allocated < 0 ? -1 : allocated - earlier.allocated;
        }

        /** The CPU time used from {@code earlier} to this reading, in nanoseconds; -1 when either is missing. */
        long since(Reading earlier) {
            if (threads.isEmpty() || earlier.threads.isEmpty()) {
                return -1;
            }
            long used = 0;
            for (Map.Entry<Long, Long> thread : threads.entrySet()) {
                used += Math.max(0, thread.getValue() - earlier.threads.getOrDefault(thread.getKey(), 0L));
            }
            return used;
        }
    }

    private final ProcessHandle process;

    private ServerMeter(ProcessHandle process) {
        this.process = process;
    }

    /**
     * The meter of a process.
     *
     * @param process the server's process
     * @return its meter
     */
    static ServerMeter of(ProcessHandle process) {
        return new ServerMeter(process);
    }

    /**
     * Reads the CPU time used so far and the bytes allocated.
     *
     * @return the reading; an empty one when the process is gone or the system does not tell
     */
    Reading read() {
        long allocated = ServerAllocation.of(process).read();
        return new Reading(cpu(), allocated);
    }

    private Map<Long, Long> cpu() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (Files.isDirectory(tasks)) {
            Map<Long, Long> threads = new HashMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
                for (Path task : entries) {
                    try {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        int space = schedstat.indexOf(' ');
                        threads.put(
                                Long.parseLong(task.getFileName().toString()),
                                Long.parseLong(space < 0 ? schedstat.trim() : schedstat.substring(0, space)));
                    } catch (NoSuchFileException ended) {
                        // The thread ended between the listing and the read.
                    }
                }
                return threads;
            } catch (IOException | NumberFormatException e) {
                // Fall back on the process total.
            }
        }
        return process.info()
                .totalCpuDuration()
                .map(total -> Map.of(-1L, total.toNanos()))
                .orElse(Map.of());
    }

    /** How long a server is watched to tell whether it has gone quiet. */
    private static final long QUIET_WINDOW_NANOS = 200_000_000L;

    /** The most CPU a quiet server uses in the window: 5 % of one core. */
    private static final long QUIET_CPU_NANOS = QUIET_WINDOW_NANOS / 20;

    /**
     * Waits until the server has finished the work a round left behind (garbage collection, closing connections,
     * compiling): until it used at most 5 % of a core over 200 ms. The servers take turns on the same cores, so work
     * that one server is still doing would otherwise slow the next server's round, and always the same next server,
     * since the turns rotate in a fixed order.
     *
     * @param timeout the longest wait
     * @return whether it went quiet in time
     */
    boolean awaitQuiet(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // CPU only: a management call every window would itself be work for the server.
        Reading before = new Reading(cpu(), -1);
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(QUIET_WINDOW_NANOS);
            Reading after = new Reading(cpu(), -1);
            long used = after.since(before);
            if (used >= 0 && used <= QUIET_CPU_NANOS) {
                return true;
            }
            if (used < 0 || System.nanoTime() > deadline) {
                return false;
            }
            before = after;
        }
    }

    /**
     * The CPU time used per unit of work between two readings.
     *
     * @param before a reading before the work
     * @param after  a reading after it
     * @param units  how many units (round trips, deliveries) the work was
     * @param scale  nanoseconds per unit of the result (1 for ns, 1000 for µs)
     * @return the CPU time per unit, or NaN when a reading is missing or no unit was done
     */
    static double perUnit(Reading before, Reading after, long units, double scale) {
        long used = after.since(before);
        if (used < 0 || units <= 0) {
            return Double.NaN;
        }
        return used / scale / units;
    }

    /**
     * The bytes allocated per unit of work between two readings.
     *
     * @param before a reading before the work
     * @param after  a reading after it
     * @param units  how many units (round trips, deliveries) the work was
     * @return the bytes per unit, or NaN when a reading is missing or no unit was done
     */
    static double allocatedPerUnit(Reading before, Reading after, long units) {
        long allocated = after.allocatedSince(before);
        if (allocated < 0 || units <= 0) {
            return Double.NaN;
        }
        return (double) allocated / units;
    }
}
