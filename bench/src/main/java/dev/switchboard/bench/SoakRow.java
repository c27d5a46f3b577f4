package dev.switchboard.bench;

import java.util.Locale;

/**
 * One interval of a soak.
 *
 * @param elapsedSeconds seconds since the publications began, at the end of the interval
 * @param subscribers    subscribers still open
 * @param published      publications sent in the interval
 * @param delivered      deliveries that arrived in the interval
 * @param expected       deliveries the interval's publications owed their channels' open subscribers
 * @param p50            median latency of the interval's deliveries, from the scheduled send, in ms
 * @param p99            99th percentile, ms
 * @param p999           99.9th percentile, ms
 * @param max            the slowest, ms
 * @param server         the server's figures at the end of the interval (all -1 when it did not answer)
 * @param closes         subscriber connections closed so far
 * @param refused        publications the server refused so far
 * @param load           the machine's one-minute load average (NaN where it cannot be read): a soak shares the machine
 *                       with whatever else runs, and this says how much did
 */
record SoakRow(
        double elapsedSeconds,
        int subscribers,
        long published,
        long delivered,
        long expected,
        double p50,
        double p99,
        double p999,
        double max,
        ServerProcess.Live server,
        long closes,
        long refused,
        double load) {

    /** The CSV header. */
    static final String HEADER = "elapsed_s,subscribers,published,delivered,expected,p50_ms,p99_ms,p999_ms,max_ms,"
            + "heap_mb,heap_after_gc_mb,rss_mb,threads,fds,closes,refused,load_1m";

    /** The row as CSV, in {@link #HEADER}'s order. */
    String csv() {
        return String.format(
                Locale.ROOT,
                "%.1f,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%.2f",
                elapsedSeconds,
                subscribers,
                published,
                delivered,
                expected,
                p50,
                p99,
                p999,
                max,
                mebibytes(server.heapBytes()),
                mebibytes(server.heapAfterGcBytes()),
                mebibytes(server.rssBytes()),
                server.threads(),
                server.openFds(),
                closes,
                refused,
                load);
    }

    static double mebibytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
