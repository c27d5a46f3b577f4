package dev.switchboard.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenario 3: C open, idle connections (no subprotocol; Switchboard registers each in its hub with an outbound
 * queue, the baseline has an annotated endpoint instance per session). The driver spreads them over its loopback
 * source addresses, holds them open for {@link Settings#idleHold()}, and the server reports heap and RSS after a
 * full GC before opening and at the end of the hold; the difference over C is the cost of one connection in that
 * process. Then every connection is closed with a close frame (1000), and the harness counts the clean closes.
 */
final class IdleScenario {

    /** Descriptors held besides the connections, by the driver or a server: jars, selectors, pipes, logs. */
    static final int DESCRIPTOR_MARGIN = 1_000;

    /** Handshakes under way at once while opening. */
    private static final int IN_FLIGHT = 256;

    /** Descriptors each server held before its first idle round: what "quiet" looks like. */
    private static final Map<ServerKind, Long> QUIET_FDS = new ConcurrentHashMap<>();

    private IdleScenario() {}

    /**
     * The most connections one process can hold: the driver and each server need one descriptor per connection,
     * and the limit of this process (which the servers inherit) is the binding one; the margin covers jars,
     * selectors and pipes.
     */
    static int maxConnections() {
        long limit = openFileLimit()[0];
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, limit - DESCRIPTOR_MARGIN));
    }

    static void run(ServerProcess server, LoadClient client, Settings settings, Results results) throws Exception {
        int most = maxConnections();
        long[] limit = openFileLimit();
        results.environment(
                "idle",
                "connections " + settings.idleConnections() + " (at most " + most + " here: open-file limit "
                        + limit[0] + ", hard limit " + limit[1] + "), held open " + seconds(settings.idleHold())
                        + " s before measuring, " + IN_FLIGHT + " handshakes in flight, " + settings.sourceAddresses()
                        + " source addresses");
        // One small warm-up round loads and compiles the handshake path, so the first measured round does not pay it.
        Sample warmup = measure(server, client, settings.idleWarmupConnections(), Duration.ZERO);
        if (!warmup.closes().allClean()) {
            noteCloses(results, server, "warm-up C=" + settings.idleWarmupConnections(), warmup.closes(), 0);
        }
        for (int requested : settings.idleConnections()) {
            int connections = Math.min(requested, most);
            String size = "C=" + connections;
            if (connections < requested && requested != Integer.MAX_VALUE) {
                String capped = String.format(
                        Locale.ROOT,
                        "idle C=%d capped to %s by the open-file limit (%d, hard limit %d; the driver and every"
                                + " server hold one descriptor per connection): C=%d needs a hard limit of at least"
                                + " %d (ulimit -Hn) for this process and the servers",
                        requested,
                        size,
                        limit[0],
                        limit[1],
                        requested,
                        requested + DESCRIPTOR_MARGIN);
                if (!results.notes().contains(capped)) {
                    results.note(capped);
                }
                Harness.log("%s", capped);
            }
            LoadClient.Closes closes = LoadClient.Closes.NONE;
            int closedEarly = 0;
            for (int round = 0; round < settings.rounds(); round++) {
                Sample sample = measure(server, client, connections, settings.idleHold());
                double handshakes = connections * 1e9 / Math.max(1, sample.openingNanos());
                double heap = (sample.after().heapBytes() - sample.before().heapBytes()) / (double) connections;
                double rss = (sample.after().rssBytes() - sample.before().rssBytes()) / (double) connections;
                Harness.log(
                        "idle %s %s round %d: heap %,.0f B/connection, RSS %,.0f B/connection (fds %d -> %d),"
                                + " %,.0f handshakes/s, held %s s, closed cleanly %d of %d%s; driver heap %,d MB",
                        server.kind().label(),
                        size,
                        round + 1,
                        heap,
                        rss,
                        sample.before().openFds(),
                        sample.after().openFds(),
                        handshakes,
                        seconds(settings.idleHold()),
                        sample.closes().clean(),
                        sample.closes().total(),
                        sample.closes().allClean()
                                ? ""
                                : " (otherwise: " + sample.closes().otherwise() + ")",
                        sample.driverHeapBytes() >> 20);
                long held = sample.after().openFds() - sample.before().openFds();
                if (held < connections * 0.99) {
                    results.note("idle " + size + " on " + server.kind().label() + ": the server held only " + held
                            + " more descriptors than before");
                }
                closes = closes.plus(sample.closes());
                closedEarly += sample.closedDuringHold();
                results.add("idle", size + " heap per connection", "bytes", Results.Better.LOWER, server.kind(), heap);
                results.add("idle", size + " RSS per connection", "bytes", Results.Better.LOWER, server.kind(), rss);
                results.add(
                        "idle",
                        size + " opening rate",
                        "handshakes/s",
                        Results.Better.HIGHER,
                        server.kind(),
                        handshakes);
            }
            noteCloses(results, server, size, closes, closedEarly);
        }
    }

    /**
     * Notes how the connections of a size ended: every one should have been open until the driver closed it, and
     * closed with 1000 both ways.
     */
    private static void noteCloses(
            Results results, ServerProcess server, String size, LoadClient.Closes closes, int closedEarly) {
        String label = server.kind().label();
        if (closes.allClean() && closedEarly == 0) {
            results.note(String.format(
                    Locale.ROOT,
                    "idle %s on %s: %,d of %,d connections closed cleanly (close 1000 sent, answered with 1000)",
                    size,
                    label,
                    closes.clean(),
                    closes.total()));
        } else {
            String unclean = String.format(
                    Locale.ROOT,
                    "idle %s on %s: NOT ALL CLOSED CLEANLY: %,d of %,d closed cleanly; otherwise %s; %,d closed"
                            + " before the driver closed them",
                    size,
                    label,
                    closes.clean(),
                    closes.total(),
                    closes.otherwise(),
                    closedEarly);
            results.note(unclean);
            Harness.log("%s", unclean);
        }
    }

    /**
     * The server's figures before opening and at the end of the hold, how long opening all connections took, how
     * they closed, how many had closed during the hold, and the driver's heap in use at the end of the hold.
     */
    private record Sample(
            ServerProcess.Stats before,
            ServerProcess.Stats after,
            long openingNanos,
            LoadClient.Closes closes,
            int closedDuringHold,
            long driverHeapBytes) {}

    /** Opens, holds, measures and closes. */
    private static Sample measure(ServerProcess server, LoadClient client, int connections, Duration hold)
            throws Exception {
        // The previous round's connections must be gone on the server too, or "before" would include them.
        if (QUIET_FDS.get(server.kind()) != null
                && !server.awaitOpenFdsAtMost(QUIET_FDS.get(server.kind()) + 50, Duration.ofSeconds(120))) {
            Harness.log(
                    "idle %s: the server still holds %d descriptors",
                    server.kind().label(), server.openFds());
        }
        ServerProcess.Stats before = server.stats();
        QUIET_FDS.putIfAbsent(server.kind(), before.openFds());
        long started = System.nanoTime();
        // At least 100 handshakes a second, or five minutes for the smaller sizes.
        List<ClientConnection> open = client.connectAll(
                server.uri(server.kind().echoPath()),
                null,
                connections,
                IN_FLIGHT,
                Duration.ofSeconds(Math.max(300, connections / 100)));
        long opening = System.nanoTime() - started;
        ServerProcess.Stats after;
        int closedDuringHold;
        long driverHeap;
        try {
            if (hold.isPositive()) {
                Thread.sleep(hold);
            }
            closedDuringHold =
                    (int) open.stream().filter(c -> c.closed().isDone()).count();
            driverHeap =
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            after = server.stats();
        } catch (Exception e) {
            LoadClient.closeAll(open, Duration.ofSeconds(120));
            throw e;
        }
        // Closing sends every close frame at once: allow at least 500 closes a second.
        LoadClient.Closes closes = LoadClient.closeAll(open, Duration.ofSeconds(Math.max(120, connections / 500)));
        return new Sample(before, after, opening, closes, closedDuringHold, driverHeap);
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The soft and hard limits of open files of this process ({@code /proc/self/limits}). */
    private static long[] openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parseLimit(fields[0]), parseLimit(fields[1])};
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: assume the common default.
        }
        return new long[] {1024, 1024};
    }

    private static long parseLimit(String field) {
        return field.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(field);
    }
}
