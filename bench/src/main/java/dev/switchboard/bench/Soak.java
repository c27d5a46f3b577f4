package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak: many sgc subscribers spread over channels, a steady rate of publications for a long time, and every
 * interval a row of what the server and the clients went through: deliveries against what was expected, latency
 * percentiles from each publication's scheduled time, the server's heap (now and as its last collections left it), RSS,
 * threads and descriptors, connections the server closed and publications it refused. The rows go to
 * {@code soak.csv}, a plot of them to {@code soak.svg}, and a summary to {@code soak.md}, in
 * {@code bench/results/soak-<time>/}.
 *
 * <pre>
 * bench/soak.sh [--connections 10000] [--channels 100] [--rate 50] [--duration 60m] [--interval 10s] [--out DIR]
 * </pre>
 *
 * <p>{@code --rate} is publications per second over all channels (round robin), each reaching its channel's
 * subscribers: 10,000 connections on 100 channels at 50 a second are 5,000 deliveries a second. Publications carry an
 * id, so the server acknowledges each or answers with an error, which the soak counts. After the last publication the
 * soak waits up to 30 seconds for late deliveries and reports what never arrived.
 */
public final class Soak {

    private static final String SUBPROTOCOL = "esegece.com";
    private static final int PUBLISHERS = 4;
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final int connections;
    private final int channels;
    private final double rate;
    private final Duration duration;
    private final Duration interval;
    private final Path out;

    private final Recorder latency = new Recorder(3);
    private final Histogram overall = new Histogram(3);
    private final LongAdder delivered = new LongAdder();
    private final AtomicLong expected = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder closes = new LongAdder();
    /** The cumulative published, delivered and expected counts at the last row; the reporter's, then the end's. */
    private final long[] previous = new long[3];
    /** Open subscribers per channel: a publication is expected by the subscribers open when it is sent. */
    private final AtomicIntegerArray subscribers;

    private Soak(int connections, int channels, double rate, Duration duration, Duration interval, Path out) {
        this.connections = connections;
        this.channels = channels;
        this.rate = rate;
        this.duration = duration;
        this.interval = interval;
        this.out = out;
        this.subscribers = new AtomicIntegerArray(channels);
    }

    /**
     * Runs the soak.
     *
     * @param args the options above
     * @throws Exception when the server cannot start or the clients cannot connect
     */
    public static void main(String[] args) throws Exception {
        int connections = 10_000;
        int channels = 100;
        double rate = 50;
        Duration duration = Duration.ofMinutes(60);
        Duration interval = Duration.ofSeconds(10);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--channels" -> channels = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--duration" -> duration = parseDuration(args[++i]);
                case "--interval" -> interval = parseDuration(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; usage: [--connections N] [--channels N] [--rate per-second] [--duration 60m]"
                            + " [--interval 10s] [--out DIR]");
            }
        }
        if (connections < channels || channels < 1 || rate <= 0) {
            throw new IllegalArgumentException("at least one connection per channel, one channel and a positive rate");
        }
        Path results = Path.of(System.getProperty("bench.out", "results"));
        Path dir = out != null
                ? out
                : results.resolve("soak-"
                        + Instant.now()
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()
                                .replace(":", ""));
        Files.createDirectories(dir);
        run(connections, channels, rate, duration, interval, dir);
    }

    /**
     * What a soak counted, over the whole run.
     *
     * @param published    publications sent
     * @param acknowledged publications the server acknowledged
     * @param refused      publications the server answered with an error
     * @param delivered    deliveries that arrived
     * @param expected     deliveries owed to the subscribers open when each publication was sent
     * @param closes       subscriber connections closed before the soak closed them
     * @param rows         the rows written
     */
    record Outcome(
            long published,
            long acknowledged,
            long refused,
            long delivered,
            long expected,
            long closes,
            List<SoakRow> rows) {}

    /**
     * Runs a soak against a Switchboard server of its own and writes its results into {@code dir}.
     *
     * @param connections subscribers
     * @param channels    channels they are spread over
     * @param rate        publications a second over all channels
     * @param duration    how long publications are sent
     * @param interval    how often a row is taken
     * @param dir         where the results go
     * @return what was counted
     * @throws Exception when the server cannot start or the clients cannot connect
     */
    static Outcome run(int connections, int channels, double rate, Duration duration, Duration interval, Path dir)
            throws Exception {
        return new Soak(connections, channels, rate, duration, interval, dir).run();
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration. */
    static Duration parseDuration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            return Duration.parse(text);
        }
        long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("a duration is like 90s, 10m or 1h: " + text);
        };
    }

    private static String channel(int index) {
        return "soak-" + index;
    }

    private Outcome run() throws Exception {
        Harness.log(
                "soak: %,d connections on %d channels, %.0f publications/s, %s, rows every %s, into %s",
                connections, channels, rate, duration, interval, out);
        List<SoakRow> rows = new ArrayList<>();
        String summary;
        Outcome outcome;
        try (ServerProcess server = ServerProcess.start(
                        ServerKind.SWITCHBOARD,
                        List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC"),
                        Harness.serverClassPath(),
                        out.resolve("server.log"));
                LoadClient client = new LoadClient(1 + connections / 20_000, 4)) {
            List<ClientConnection> open = subscribe(server, client);
            List<ClientConnection> publishers =
                    client.connectAll(server.uri("/soak"), SUBPROTOCOL, PUBLISHERS, PUBLISHERS, Duration.ofSeconds(30));
            publishers.forEach(publisher -> publisher.listener((connection, text, arrived) -> {
                if (text.contains("\"error\"")) {
                    refused.increment();
                } else if (text.contains("\"method\":\"sgc@acknowledgment\"")) {
                    acknowledged.increment();
                }
            }));
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
            long started = System.nanoTime();
            try {
                reporter.scheduleAtFixedRate(
                        () -> rows.add(row(server, started)),
                        interval.toNanos(),
                        interval.toNanos(),
                        TimeUnit.NANOSECONDS);
                publish(publishers, started);
                long deadline = System.nanoTime() + GRACE.toNanos();
                while (delivered.sum() < expected.get() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(50_000_000L);
                }
            } finally {
                reporter.shutdown();
                reporter.awaitTermination(30, TimeUnit.SECONDS);
            }
            // The grace period's deliveries, and the figures of the end.
            rows.add(row(server, started));
            summary = summary();
            outcome = new Outcome(
                    published.get(),
                    acknowledged.sum(),
                    refused.sum(),
                    delivered.sum(),
                    expected.get(),
                    closes.sum(),
                    List.copyOf(rows));
            publishers.forEach(connection -> connection.listener(null));
            open.forEach(connection -> connection.listener(null));
            open.addAll(publishers);
            LoadClient.closeAll(open, Duration.ofSeconds(120));
        }
        SoakReport.write(out, rows, summary);
        Harness.log("soak: %s", summary.replace('\n', ' '));
        return outcome;
    }

    /** Connects the subscribers, each to one channel in turn, and waits for every subscription's confirmation. */
    private List<ClientConnection> subscribe(ServerProcess server, LoadClient client) throws Exception {
        List<ClientConnection> open =
                client.connectAll(server.uri("/soak"), SUBPROTOCOL, connections, 200, Duration.ofSeconds(600));
        List<java.util.concurrent.CompletableFuture<Void>> confirmed = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            ClientConnection subscriber = open.get(i);
            int index = i % channels;
            java.util.concurrent.CompletableFuture<Void> subscribed = new java.util.concurrent.CompletableFuture<>();
            confirmed.add(subscribed);
            subscriber.listener((connection, text, arrived) -> {
                String payload = ServerKind.SWITCHBOARD.payloadOf(text);
                if (payload != null) {
                    delivered(payload, arrived);
                } else if (!subscribed.isDone() && text.contains("\"method\":\"sgc@subscribe\"")) {
                    subscribed.complete(null);
                }
            });
            subscriber.closed().whenComplete((status, failure) -> {
                closes.increment();
                subscribers.decrementAndGet(index);
            });
            subscribers.incrementAndGet(index);
            subscriber.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\""
                    + channel(index) + "\"},\"id\":\"s\"}");
        }
        java.util.concurrent.CompletableFuture.allOf(confirmed.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(10, TimeUnit.MINUTES);
        // The closes counted from here are the soak's; the ones before were none.
        return open;
    }

    private void delivered(String payload, long arrived) {
        int space = payload.indexOf(' ');
        long scheduled = Long.parseLong(payload, space + 1, payload.length(), 10);
        latency.recordValue(Math.max(0, arrived - scheduled));
        delivered.increment();
    }

    /** Publishes at the rate until the duration is over; each carries its scheduled time, so a late send counts. */
    private void publish(List<ClientConnection> publishers, long started) {
        long period = Math.round(1e9 / rate);
        long end = started + duration.toNanos();
        for (long n = 0; ; n++) {
            long scheduled = started + n * period;
            if (scheduled - end >= 0) {
                return;
            }
            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int index = (int) (n % channels);
            expected.addAndGet(subscribers.get(index));
            published.incrementAndGet();
            publishers
                    .get((int) (n % publishers.size()))
                    .send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel(index)
                            + "\",\"message\":\"" + n + " " + scheduled + "\"},\"id\":" + n + "}");
        }
    }

    /** One interval's row: the counts since the row before, the latency of the interval, the server now. */
    private SoakRow row(ServerProcess server, long started) {
        Histogram histogram = latency.getIntervalHistogram();
        synchronized (overall) {
            overall.add(histogram);
        }
        long publishedNow = published.get();
        long deliveredNow = delivered.sum();
        long expectedNow = expected.get();
        ServerProcess.Live live;
        try {
            live = server.live();
        } catch (IOException e) {
            live = new ServerProcess.Live(-1, -1, -1, -1, -1);
        }
        SoakRow row = new SoakRow(
                (System.nanoTime() - started) / 1e9,
                subscribersOpen(),
                publishedNow - previous[0],
                deliveredNow - previous[1],
                expectedNow - previous[2],
                percentile(histogram, 50),
                percentile(histogram, 99),
                percentile(histogram, 99.9),
                percentile(histogram, 100),
                live,
                closes.sum(),
                refused.sum(),
                loadAverage());
        previous[0] = publishedNow;
        previous[1] = deliveredNow;
        previous[2] = expectedNow;
        Harness.log("soak: %s", row.csv());
        return row;
    }

    /** The one-minute load average, or NaN off Linux. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private int subscribersOpen() {
        int open = 0;
        for (int i = 0; i < subscribers.length(); i++) {
            open += subscribers.get(i);
        }
        return open;
    }

    /** A percentile in milliseconds; NaN for an empty interval. */
    static double percentile(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        long nanos = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return nanos / 1e6;
    }

    private String summary() {
        long lost = expected.get() - delivered.sum();
        synchronized (overall) {
            return String.format(
                    Locale.ROOT,
                    "%,d connections on %d channels for %s at %.0f publications/s:%n"
                            + "- publications: %,d sent, %,d acknowledged, %,d refused%n"
                            + "- deliveries: %,d of %,d expected (%,d missing after a %ds grace)%n"
                            + "- latency from the scheduled send: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n"
                            + "- connections the server closed: %,d",
                    connections,
                    channels,
                    duration,
                    rate,
                    published.get(),
                    acknowledged.sum(),
                    refused.sum(),
                    delivered.sum(),
                    expected.get(),
                    Math.max(0, lost),
                    GRACE.toSeconds(),
                    percentile(overall, 50),
                    percentile(overall, 99),
                    percentile(overall, 99.9),
                    percentile(overall, 100),
                    closes.sum());
        }
    }
}
