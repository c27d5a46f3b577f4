package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.UnaryOperator;

/**
 * Scenario 4, SSE fan-out: one WebSocket publisher, N Server-Sent Events subscribers of one channel, measured like
 * the WebSocket fan-out (a flow-controlled throughput phase, a fixed-rate latency phase). Switchboard: {@code GET
 * /sse/bench} streams of its SSE transport, fed by {@code sgc@publish}; raw: {@link RawSseServlet} streams fed by
 * {@code PUBSSE}. Runs only when core has an SSE transport ({@code dev.switchboard.sse.SseServlet}).
 *
 * <p>Switchboard sends the stream's first event before the subscription is in place, so readiness is proven rather
 * than assumed: probe publications are sent until every stream has received one.
 */
final class SseScenario {

    static final String SSE_CLASS = "dev.switchboard.sse.SseServlet";

    private SseScenario() {}

    static boolean sseAvailable() {
        try {
            Class.forName(SSE_CLASS, false, SseScenario.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void run(Map<ServerKind, ServerProcess> servers, LoadClient client, Settings settings, Results results)
            throws Exception {
        if (!sseAvailable()) {
            String message =
                    "SSE fan-out skipped: core has no SSE transport yet (" + SSE_CLASS + " is not on the class path)";
            Harness.log("%s", message);
            results.note(message);
            return;
        }
        for (ServerProcess server : servers.values()) {
            run(server, client, settings, results);
        }
    }

    private static void run(ServerProcess server, LoadClient client, Settings settings, Results results)
            throws Exception {
        ServerKind kind = server.kind();
        UnaryOperator<String> publish = kind == ServerKind.SWITCHBOARD ? kind::publishMessage : p -> "PUBSSE " + p;
        java.net.URI streamUri = java.net.URI.create(
                server.uri("/sse/" + ServerKind.CHANNEL).toString().replaceFirst("^ws:", "http:"));
        for (int subscribers : settings.sseSubscribers()) {
            List<SseStream> streams = new ArrayList<>();
            List<ClientConnection> publisherConnection = new ArrayList<>();
            try {
                streams.addAll(client.openSse(streamUri, subscribers, 200, Duration.ofSeconds(120)));
                FanoutScenario.Phase[] phase = {(sequence, scheduled, arrived) -> {}};
                for (SseStream stream : streams) {
                    stream.listener((data, arrived) -> {
                        int space = data.indexOf(' ');
                        if (space > 0 && Character.isDigit(data.charAt(0))) {
                            phase[0].delivered(
                                    Long.parseLong(data, 0, space, 10),
                                    Long.parseLong(data, space + 1, data.length(), 10),
                                    arrived);
                        }
                    });
                }
                publisherConnection.addAll(client.connectAll(
                        server.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), 1, 1, Duration.ofSeconds(30)));
                ClientConnection publisher = publisherConnection.get(0);
                awaitSubscribed(publish, publisher, streams, phase, Duration.ofSeconds(60));
                String size = "N=" + subscribers;
                for (int round = 0; round < settings.warmupRounds() + settings.rounds(); round++) {
                    boolean warmup = round < settings.warmupRounds();
                    String label = warmup ? "warm-up" : "round " + (round + 1 - settings.warmupRounds());
                    FanoutScenario.Throughput throughput =
                            FanoutScenario.throughput(publish, publisher, subscribers, settings, phase);
                    FanoutScenario.Latency latency =
                            FanoutScenario.latency(publish, publisher, subscribers, settings, phase);
                    Harness.log(
                            "SSE fan-out %s %s %s: %,.0f deliveries/s; at %,d/s p50 %.0f µs, p99 %.0f µs%s",
                            kind.label(),
                            size,
                            label,
                            throughput.perSecond(),
                            settings.latencyRate(),
                            latency.p(50),
                            latency.p(99),
                            throughput.complete() && latency.complete() ? "" : " (INCOMPLETE)");
                    if (warmup) {
                        continue;
                    }
                    if (!throughput.complete() || !latency.complete()) {
                        results.note("SSE fan-out " + size + " on " + kind.label() + ": a round lost deliveries");
                    }
                    results.add(
                            "SSE fan-out",
                            size + " throughput",
                            "deliveries/s",
                            Results.Better.HIGHER,
                            kind,
                            throughput.perSecond());
                    String at = " at " + settings.latencyRate() + "/s";
                    results.add("SSE fan-out", size + " p50" + at, "µs", Results.Better.LOWER, kind, latency.p(50));
                    results.add("SSE fan-out", size + " p99" + at, "µs", Results.Better.LOWER, kind, latency.p(99));
                }
            } finally {
                streams.forEach(SseStream::close);
                LoadClient.closeAll(publisherConnection, Duration.ofSeconds(10));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                for (SseStream stream : streams) {
                    try {
                        stream.closed()
                                .get(
                                        Math.max(1, deadline - System.nanoTime()),
                                        java.util.concurrent.TimeUnit.NANOSECONDS);
                    } catch (Exception e) {
                        // The server notices on its next write or heartbeat.
                    }
                }
            }
        }
    }

    /** Publishes probes, one every 20 ms, until every stream has received one or the timeout passes. */
    private static void awaitSubscribed(
            UnaryOperator<String> publish,
            ClientConnection publisher,
            List<SseStream> streams,
            FanoutScenario.Phase[] phase,
            Duration timeout)
            throws Exception {
        int probes = (int) Math.max(1, timeout.toMillis() / 20);
        long first = FanoutScenario.SEQUENCE.getAndAdd(probes);
        AtomicIntegerArray seen = new AtomicIntegerArray(streams.size());
        AtomicInteger ready = new AtomicInteger();
        java.util.Map<SseStream, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            index.put(streams.get(i), i);
        }
        for (SseStream stream : streams) {
            int position = index.get(stream);
            SseStream.Listener previous = (data, arrived) -> {
                int space = data.indexOf(' ');
                if (space > 0 && Character.isDigit(data.charAt(0))) {
                    long sequence = Long.parseLong(data, 0, space, 10);
                    if (sequence >= first && sequence < first + probes && seen.compareAndSet(position, 0, 1)) {
                        ready.incrementAndGet();
                    }
                }
            };
            stream.listener(previous);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < probes && ready.get() < streams.size() && System.nanoTime() < deadline; i++) {
            publisher.send(publish.apply((first + i) + " " + System.nanoTime()));
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        if (ready.get() < streams.size()) {
            throw new java.io.IOException("only " + ready.get() + " of " + streams.size() + " SSE streams received a"
                    + " publication within " + timeout);
        }
        // From here on, deliveries go to the current phase.
        for (SseStream stream : streams) {
            stream.listener((data, arrived) -> {
                int space = data.indexOf(' ');
                if (space > 0 && Character.isDigit(data.charAt(0))) {
                    phase[0].delivered(
                            Long.parseLong(data, 0, space, 10),
                            Long.parseLong(data, space + 1, data.length(), 10),
                            arrived);
                }
            });
        }
    }
}
