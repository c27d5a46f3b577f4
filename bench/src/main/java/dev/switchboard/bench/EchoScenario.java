package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 1, the seed's own benchmark: a fixed number of request/response round trips spread over N concurrent
 * connections, each connection sending its next message as soon as the previous answer arrives.
 *
 * <p>The latency of a round trip is measured from the moment the request was due, which in this closed loop is the
 * arrival of the previous answer on that connection (or the round's start), to the arrival of its answer; any delay
 * in the driver before the send is therefore counted, not hidden.
 */
final class EchoScenario {

    private EchoScenario() {}

    /**
     * Runs the scenario against every server. The servers take turns round by round (each round starting with the
     * next server), with connections to all of them held open, so a drift of the machine's speed during the run
     * falls on every server alike instead of on whichever ran last.
     */
    static void run(List<ServerProcess> servers, LoadClient client, Settings settings, Results results)
            throws Exception {
        String payload = "e".repeat(settings.echoPayloadBytes());
        for (int connections : settings.echoConnections()) {
            List<List<ClientConnection>> open = new ArrayList<>();
            try {
                for (ServerProcess server : servers) {
                    open.add(client.connectAll(
                            server.uri(server.kind().echoPath()), null, connections, 200, Duration.ofSeconds(60)));
                }
                for (int round = 0; round < settings.warmupRounds() + settings.rounds(); round++) {
                    for (int turn = 0; turn < servers.size(); turn++) {
                        int index = (round + turn) % servers.size();
                        round(servers.get(index), open.get(index), connections, round, payload, settings, results);
                        settle(servers.get(index));
                    }
                }
            } finally {
                for (List<ClientConnection> connectionsOfServer : open) {
                    connectionsOfServer.forEach(connection -> connection.listener(null));
                    LoadClient.closeAll(connectionsOfServer, Duration.ofSeconds(30));
                }
            }
        }
    }

    /** Waits for a server to finish what its round left behind, so it does not slow the next server's round. */
    static void settle(ServerProcess server) {
        if (!ServerMeter.of(server.handle()).awaitQuiet(java.time.Duration.ofSeconds(10))) {
            Harness.log("%s still busy 10 s after its round", server.label());
        }
    }

    private static void round(
            ServerProcess server,
            List<ClientConnection> open,
            int connections,
            int round,
            String payload,
            Settings settings,
            Results results)
            throws InterruptedException {
        boolean warmup = round < settings.warmupRounds();
        int total = warmup ? settings.echoWarmupRoundTrips() : settings.echoRoundTrips();
        ServerMeter cpu = ServerMeter.of(server.handle());
        ServerMeter.Reading cpuBefore = cpu.read();
        Outcome outcome = round(open, payload, total, settings.roundTimeout());
        ServerMeter.Reading cpuAfter = cpu.read();
        double cpuPerRoundTrip = ServerMeter.perUnit(cpuBefore, cpuAfter, outcome.completed(), 1000);
        double allocatedPerRoundTrip = ServerMeter.allocatedPerUnit(cpuBefore, cpuAfter, outcome.completed());
        Harness.log(
                "echo %s c=%d %s: %,.0f round trips/s, server CPU %.1f µs and %.0f bytes allocated per round trip,"
                        + " p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs%s",
                server.label(),
                connections,
                warmup ? "warm-up" : "round " + (round + 1 - settings.warmupRounds()),
                outcome.perSecond(),
                cpuPerRoundTrip,
                allocatedPerRoundTrip,
                outcome.p(50),
                outcome.p(99),
                outcome.p(99.9),
                outcome.complete() ? "" : " (INCOMPLETE: " + outcome.completed() + " of " + total + ")");
        if (warmup) {
            return;
        }
        if (!outcome.complete()) {
            results.note("echo c=" + connections + " on "
                    + server.label() + ": a round completed only " + outcome.completed() + " of "
                    + total + " round trips within " + settings.roundTimeout());
        }
        String size = "c=" + connections;
        results.add("echo", size + " throughput", "round trips/s", Results.Better.HIGHER, server, outcome.perSecond());
        if (!Double.isNaN(cpuPerRoundTrip)) {
            results.add(
                    "echo", size + " server CPU per round trip", "µs", Results.Better.LOWER, server, cpuPerRoundTrip);
        }
        if (!Double.isNaN(allocatedPerRoundTrip)) {
            results.add(
                    "echo",
                    size + " server allocation per round trip",
                    "B",
                    Results.Better.LOWER,
                    server,
                    allocatedPerRoundTrip);
        }
        results.add("echo", size + " p50", "µs", Results.Better.LOWER, server, outcome.p(50));
        results.add("echo", size + " p99", "µs", Results.Better.LOWER, server, outcome.p(99));
        results.add("echo", size + " p99.9", "µs", Results.Better.LOWER, server, outcome.p(99.9));
    }

    /** One round's result; latencies in microseconds. */
    record Outcome(long completed, long total, long elapsedNanos, Histogram latency) {
        boolean complete() {
            return completed == total;
        }

        double perSecond() {
            return completed * 1e9 / Math.max(1, elapsedNanos);
        }

        double p(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static Outcome round(List<ClientConnection> connections, String payload, int total, Duration timeout)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong issued = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        ClientConnection.Listener listener = (connection, text, arrived) -> {
            recorder.recordValue(Math.max(0, arrived - connection.mark));
            if (completed.incrementAndGet() == total) {
                done.complete(arrived);
            }
            if (issued.incrementAndGet() <= total) {
                // The next request is due now: this arrival is its intended send time.
                connection.mark = arrived;
                connection.send(payload);
            }
        };
        connections.forEach(connection -> connection.listener(listener));
        long start = System.nanoTime();
        for (ClientConnection connection : connections) {
            if (issued.incrementAndGet() <= total) {
                connection.mark = System.nanoTime();
                connection.send(payload);
            }
        }
        long end;
        try {
            end = done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            end = System.nanoTime();
        }
        connections.forEach(connection -> connection.listener(null));
        return new Outcome(Math.min(completed.get(), total), total, end - start, recorder.getIntervalHistogram());
    }
}
