package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * Scenario 3: C open, idle connections (no subprotocol; Switchboard registers each in its hub with an outbound
 * queue, the baseline has an annotated endpoint instance per session). The server reports heap and RSS after a full
 * GC before opening and after; the difference over C is the cost of one connection in that process.
 */
final class IdleScenario {

    /** Descriptors each server held before its first idle round: what "quiet" looks like. */
    private static final java.util.Map<ServerKind, Long> QUIET_FDS = new java.util.concurrent.ConcurrentHashMap<>();

    private IdleScenario() {}

    /**
     * The most connections one process can hold: the driver and each server need one descriptor per connection,
     * and the limit of this process (which the servers inherit) is the binding one; the margin covers jars,
     * selectors and pipes.
     */
    static int maxConnections() {
        long limit = openFileLimit();
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, limit - 1_000));
    }

    static void run(ServerProcess server, LoadClient client, Settings settings, Results results) throws Exception {
        // One small warm-up round loads and compiles the handshake path, so the first measured round does not pay it.
        measure(server, client, settings.idleWarmupConnections());
        for (int requested : settings.idleConnections()) {
            int connections = Math.min(requested, maxConnections());
            String size = "C=" + connections;
            for (int round = 0; round < settings.rounds(); round++) {
                Sample sample = measure(server, client, connections);
                double handshakes = connections * 1e9 / Math.max(1, sample.openingNanos());
                double heap = (sample.after().heapBytes() - sample.before().heapBytes()) / (double) connections;
                double rss = (sample.after().rssBytes() - sample.before().rssBytes()) / (double) connections;
                Harness.log(
                        "idle %s %s round %d: heap %,.0f B/connection, RSS %,.0f B/connection (fds %d -> %d),"
                                + " %,.0f handshakes/s",
                        server.kind().label(),
                        size,
                        round + 1,
                        heap,
                        rss,
                        sample.before().openFds(),
                        sample.after().openFds(),
                        handshakes);
                long held = sample.after().openFds() - sample.before().openFds();
                if (held < connections * 0.99) {
                    results.note("idle " + size + " on " + server.kind().label() + ": the server held only " + held
                            + " more descriptors than before");
                }
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
        }
    }

    /** The server's figures before and after opening, and how long opening all connections took. */
    private record Sample(ServerProcess.Stats before, ServerProcess.Stats after, long openingNanos) {}

    /** Opens, measures and closes. */
    private static Sample measure(ServerProcess server, LoadClient client, int connections) throws Exception {
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
        List<ClientConnection> open = client.connectAll(
                server.uri(server.kind().echoPath()), null, connections, 256, Duration.ofSeconds(300));
        long opening = System.nanoTime() - started;
        try {
            return new Sample(before, server.stats(), opening);
        } finally {
            LoadClient.closeAll(open, Duration.ofSeconds(120));
        }
    }

    private static long openFileLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(
                            line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: assume the common default.
        }
        return 1024;
    }
}
