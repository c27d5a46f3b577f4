package dev.switchboard.bench;

import java.util.Locale;

/** The performance targets, checked against a run's figures and written into its notes as met or missed. */
final class Targets {

    /** Echo throughput and fan-out deliveries per second: at least this share of the baseline. */
    static final double THROUGHPUT_RATIO = 0.8;
    /** Heap per idle connection: at most the baseline's plus this many bytes. */
    static final double HEAP_ALLOWANCE_BYTES = 8 * 1024;
    /** p99 publish-to-receive latency at 1,000 subscribers and 10,000 deliveries/s, in microseconds. */
    static final double P99_LIMIT_MICROS = 5_000;
    /** Echo round trips per second at 1,000 connections: at least raw Jetty's. */
    static final double ECHO_AT_SCALE_RATIO = 1.0;
    /** Fan-out deliveries per second at 1,000 and 10,000 subscribers: at least this multiple of raw Jetty's loop. */
    static final double FANOUT_AT_SCALE_RATIO = 1.5;
    /** p99 at 1,000 subscribers and 10,000 deliveries/s: at most this share of raw Jetty's. */
    static final double FANOUT_P99_SHARE = 0.5;

    /**
     * Echo throughput and fan-out deliveries per second with metrics on: at least this share of metrics off; and the
     * same share of messages per second of server CPU.
     */
    static final double METRICS_RATIO = 0.97;

    private Targets() {}

    /** The ratio a throughput figure must reach at scale, or NaN when it has no such target. */
    private static double atScale(Results.Figure figure) {
        if (figure.scenario.equals("echo") && figure.name.equals("c=1000 throughput")) {
            return ECHO_AT_SCALE_RATIO;
        }
        if (figure.scenario.equals("fan-out")
                && (figure.name.equals("N=1000 throughput") || figure.name.equals("N=10000 throughput"))) {
            return FANOUT_AT_SCALE_RATIO;
        }
        return Double.NaN;
    }

    static void check(Results results, Settings settings) {
        for (Results.Figure figure : results.figures()) {
            if (figure.columns.equals(Results.Columns.METRICS) && figure.name.endsWith(" throughput")) {
                double ratio = figure.ratio();
                results.note(String.format(
                        Locale.ROOT,
                        "target %s %s with metrics >= %.2f x without: %s (%.3f)",
                        figure.scenario.replace(Results.METRICS_SUFFIX, ""),
                        figure.name,
                        METRICS_RATIO,
                        Double.isNaN(ratio) ? "NOT MEASURED" : ratio >= METRICS_RATIO ? "met" : "MISSED",
                        ratio));
                continue;
            }
            if (figure.columns.equals(Results.Columns.METRICS) && figure.name.contains(" server CPU per ")) {
                // The same target read from the server's side: messages per CPU second, on over off.
                double ratio = 1 / figure.ratio();
                results.note(String.format(
                        Locale.ROOT,
                        "target %s %s: messages per CPU second with metrics >= %.2f x without: %s (%.3f)",
                        figure.scenario.replace(Results.METRICS_SUFFIX, ""),
                        figure.name,
                        METRICS_RATIO,
                        Double.isNaN(ratio) ? "NOT MEASURED" : ratio >= METRICS_RATIO ? "met" : "MISSED",
                        ratio));
                continue;
            }
            if (!figure.columns.equals(Results.Columns.SERVERS)) {
                // The targets compare Switchboard with the container alone; other comparisons only inform.
                continue;
            }
            if (figure.name.endsWith(" throughput")) {
                double ratio = figure.ratio();
                results.note(String.format(
                        Locale.ROOT,
                        "target %s %s >= %.1f x raw: %s (%.2f)",
                        figure.scenario,
                        figure.name,
                        THROUGHPUT_RATIO,
                        Double.isNaN(ratio) ? "NOT MEASURED" : ratio >= THROUGHPUT_RATIO ? "met" : "MISSED",
                        ratio));
                double atScale = atScale(figure);
                if (!Double.isNaN(atScale)) {
                    results.note(String.format(
                            Locale.ROOT,
                            "target at scale: %s %s >= %.1f x raw: %s (%.2f)",
                            figure.scenario,
                            figure.name,
                            atScale,
                            Double.isNaN(ratio) ? "NOT MEASURED" : ratio >= atScale ? "met" : "MISSED",
                            ratio));
                }
            } else if (figure.name.endsWith("heap per connection")) {
                double switchboard = figure.median(ServerKind.SWITCHBOARD);
                double raw = figure.median(ServerKind.BASELINE);
                results.note(String.format(
                        Locale.ROOT,
                        "target idle %s <= raw + 8 KB: %s (%,.0f B vs %,.0f B + 8,192 B)",
                        figure.name,
                        switchboard <= raw + HEAP_ALLOWANCE_BYTES ? "met" : "MISSED",
                        switchboard,
                        raw));
                results.note(String.format(
                        Locale.ROOT,
                        "target at scale: idle %s <= raw: %s (%,.0f B vs %,.0f B)",
                        figure.name,
                        switchboard <= raw ? "met" : "MISSED",
                        switchboard,
                        raw));
            }
        }
        String name = "N=1000 p99 at " + settings.latencyRate() + "/s";
        Results.Figure p99 = results.figure("fan-out", name);
        if (p99 != null && settings.latencyRate() == 10_000) {
            double micros = p99.median(ServerKind.SWITCHBOARD);
            results.note(String.format(
                    Locale.ROOT,
                    "target fan-out p99 at 1,000 subscribers and 10,000 deliveries/s"
                            + " < 5 ms: %s (%.2f ms; raw %.2f ms)",
                    micros < P99_LIMIT_MICROS ? "met" : "MISSED",
                    micros / 1000,
                    p99.median(ServerKind.BASELINE) / 1000));
            double raw = p99.median(ServerKind.BASELINE);
            results.note(String.format(
                    Locale.ROOT,
                    "target at scale: fan-out p99 at 1,000 subscribers and 10,000 deliveries/s <= %.1f x raw: %s"
                            + " (%.2f ms; raw %.2f ms)",
                    FANOUT_P99_SHARE,
                    micros <= raw * FANOUT_P99_SHARE ? "met" : "MISSED",
                    micros / 1000,
                    raw / 1000));
        }
    }
}
