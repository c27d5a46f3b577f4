package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 2: one publisher, N subscribers of one channel. Switchboard publishes with {@code sgc@publish} to sgc
 * subscribers; the baseline loops over its sessions ({@link RawBroadcastEndpoint}).
 *
 * <p>Each round has two phases. Throughput: publications are sent with at most a small window of them not yet
 * delivered to every subscriber, which keeps the server busy without growing its queues without bound (Switchboard
 * would rightly cut subscribers off as slow consumers); the figure is deliveries per second. Latency: publications
 * at a fixed rate (so many deliveries per second in total), each carrying the time it was scheduled; a subscriber
 * records arrival minus that time, so a publication sent late because the driver or server stalled counts the
 * stall (no coordinated omission).
 */
final class FanoutScenario {

    static final AtomicLong SEQUENCE = new AtomicLong(1);

    /** Where subscribers hand their deliveries: the current phase. */
    interface Phase {
        void delivered(long sequence, long scheduledNanos, long arrivedNanos);
    }

    private FanoutScenario() {}

    /** One server's subscribers and publisher for one size, held open while the servers take turns. */
    private record Audience(
            ServerProcess server, List<ClientConnection> connections, ClientConnection publisher, Phase[] phase) {}

    /**
     * The most subscriber connections held open across all servers at once: above it (10,000 subscribers on three
     * servers would be 30,000 sockets, past the driver's file and port limits) each server's subscribers are
     * connected for its turn only.
     */
    static final int HELD_CONNECTIONS = 6_000;

    /**
     * Runs the scenario against every server. The servers take turns round by round (each round starting with the
     * next server), so a drift of the machine's speed during the run falls on every server alike instead of on
     * whichever ran last. Every server's subscribers stay connected for the whole size when they fit in
     * {@link #HELD_CONNECTIONS}; otherwise a server's subscribers connect before its turn and close after it.
     */
    static void run(List<ServerProcess> servers, LoadClient client, Settings settings, Results results)
            throws Exception {
        for (int subscribers : settings.fanoutSubscribers()) {
            boolean held = (long) subscribers * servers.size() <= HELD_CONNECTIONS;
            List<Audience> audiences = new ArrayList<>();
            try {
                if (held) {
                    for (ServerProcess server : servers) {
                        audiences.add(connect(server, client, subscribers));
                    }
                }
                for (int round = 0; round < settings.warmupRounds() + settings.rounds(); round++) {
                    for (int turn = 0; turn < servers.size(); turn++) {
                        int index = (round + turn) % servers.size();
                        if (held) {
                            round(audiences.get(index), subscribers, round, settings, results);
                        } else {
                            Audience audience = connect(servers.get(index), client, subscribers);
                            try {
                                round(audience, subscribers, round, settings, results);
                            } finally {
                                close(audience);
                            }
                        }
                        EchoScenario.settle(servers.get(index));
                    }
                }
            } finally {
                audiences.forEach(FanoutScenario::close);
            }
        }
    }

    private static void close(Audience audience) {
        audience.connections().forEach(connection -> connection.listener(null));
        LoadClient.closeAll(audience.connections(), Duration.ofSeconds(60));
    }

    private static Audience connect(ServerProcess server, LoadClient client, int subscribers) throws Exception {
        ServerKind kind = server.kind();
        List<ClientConnection> open = new ArrayList<>();
        try {
            open.addAll(client.connectAll(
                    server.uri(kind.fanoutPath()),
                    kind.fanoutSubprotocol(),
                    subscribers,
                    200,
                    Duration.ofSeconds(120)));
            Phase[] phase = {(sequence, scheduled, arrived) -> {}};
            subscribe(kind, open, phase, Duration.ofSeconds(60));
            ClientConnection publisher = client.connectAll(
                            server.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), 1, 1, Duration.ofSeconds(30))
                    .get(0);
            open.add(publisher);
            return new Audience(server, open, publisher, phase);
        } catch (Exception | Error e) {
            open.forEach(connection -> connection.listener(null));
            LoadClient.closeAll(open, Duration.ofSeconds(60));
            throw e;
        }
    }

    private static void round(Audience audience, int subscribers, int round, Settings settings, Results results)
            throws InterruptedException {
        ServerProcess server = audience.server();
        ServerKind kind = server.kind();
        ClientConnection publisher = audience.publisher();
        measure(
                "fan-out",
                server.label(),
                payload -> publisher.send(kind.publishMessage(payload)),
                subscribers,
                round,
                settings,
                audience.phase(),
                results,
                ServerMeter.of(server.handle()),
                (name, unit, better, value) -> results.add("fan-out", name, unit, better, server, value));
    }

    /** Where {@link #measure} puts one measured figure of a round. */
    interface FigureSink {
        void add(String name, String unit, Results.Better better, double value);
    }

    /**
     * One round against one server: the throughput phase, then the latency phase, logged; the figures of a measured
     * (not warm-up) round go to {@code figures} (throughput, the server's CPU time per delivery in the throughput
     * phase when its process is known, p50, p99, p99.9), and a round that lost deliveries is
     * noted in the results. The phase is idle again afterwards, so a late delivery of this round does not count in
     * another server's turn.
     *
     * @param scenario    the scenario's name in logs and notes
     * @param serverLabel the server's name in logs and notes
     * @param publish     sends one payload as the server's protocol publishes it
     * @param cpu         the server process's CPU clock
     */
    static void measure(
            String scenario,
            String serverLabel,
            java.util.function.Consumer<String> publish,
            int subscribers,
            int round,
            Settings settings,
            Phase[] phase,
            Results results,
            ServerMeter cpu,
            FigureSink figures)
            throws InterruptedException {
        String size = "N=" + subscribers;
        boolean warmup = round < settings.warmupRounds();
        String label = warmup ? "warm-up" : "round " + (round + 1 - settings.warmupRounds());
        ServerMeter.Reading cpuBefore = cpu.read();
        Throughput throughput = throughput(publish, subscribers, settings, phase);
        ServerMeter.Reading cpuAfter = cpu.read();
        double cpuPerDelivery = ServerMeter.perUnit(cpuBefore, cpuAfter, throughput.delivered(), 1);
        double allocatedPerDelivery = ServerMeter.allocatedPerUnit(cpuBefore, cpuAfter, throughput.delivered());
        Harness.log(
                "%s %s %s %s: %,.0f deliveries/s, server CPU %.0f ns and %.0f bytes allocated per delivery%s",
                scenario,
                serverLabel,
                size,
                label,
                throughput.perSecond(),
                cpuPerDelivery,
                allocatedPerDelivery,
                throughput.complete()
                        ? ""
                        : " (INCOMPLETE: " + throughput.delivered() + " of " + throughput.expected() + ")");
        Latency latency = latency(publish, subscribers, settings, phase);
        Harness.log(
                "%s %s %s %s: at %,d deliveries/s p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs%s",
                scenario,
                serverLabel,
                size,
                label,
                settings.latencyRate(),
                latency.p(50),
                latency.p(99),
                latency.p(99.9),
                latency.p(100),
                latency.complete() ? "" : " (INCOMPLETE: " + latency.received() + " of " + latency.expected() + ")");
        phase[0] = (sequence, scheduled, arrived) -> {};
        if (warmup) {
            return;
        }
        if (!throughput.complete() || !latency.complete()) {
            results.note(scenario + " " + size + " on " + serverLabel + ": a round lost deliveries (throughput "
                    + throughput.delivered() + "/" + throughput.expected() + ", latency " + latency.received() + "/"
                    + latency.expected() + ") within " + settings.roundTimeout());
        }
        figures.add(size + " throughput", "deliveries/s", Results.Better.HIGHER, throughput.perSecond());
        if (!Double.isNaN(cpuPerDelivery)) {
            figures.add(size + " server CPU per delivery", "ns", Results.Better.LOWER, cpuPerDelivery);
        }
        if (!Double.isNaN(allocatedPerDelivery)) {
            figures.add(size + " server allocation per delivery", "B", Results.Better.LOWER, allocatedPerDelivery);
        }
        String at = " at " + settings.latencyRate() + "/s";
        figures.add(size + " p50" + at, "µs", Results.Better.LOWER, latency.p(50));
        figures.add(size + " p99" + at, "µs", Results.Better.LOWER, latency.p(99));
        figures.add(size + " p99.9" + at, "µs", Results.Better.LOWER, latency.p(99.9));
    }

    static void subscribe(ServerKind kind, List<ClientConnection> subscribers, Phase[] phase, Duration timeout)
            throws Exception {
        List<CompletableFuture<Void>> confirmed = new ArrayList<>(subscribers.size());
        for (ClientConnection subscriber : subscribers) {
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            confirmed.add(subscribed);
            subscriber.listener((connection, text, arrived) -> {
                String payload = kind.payloadOf(text);
                if (payload != null) {
                    deliver(phase[0], payload, arrived);
                } else if (!subscribed.isDone() && kind.isSubscribed(text)) {
                    subscribed.complete(null);
                }
            });
            subscriber.send(kind.subscribeMessage());
        }
        CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new))
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Hands a received payload ({@code "<sequence> <scheduled nanos>"}) to the phase.
     *
     * @throws NumberFormatException when it is not such a payload
     */
    static void deliver(Phase phase, CharSequence payload, long arrived) {
        int space = -1;
        for (int i = 0; i < payload.length() && space < 0; i++) {
            if (payload.charAt(i) == ' ') {
                space = i;
            }
        }
        if (space <= 0) {
            throw new NumberFormatException("not a fan-out payload: " + payload);
        }
        phase.delivered(
                Long.parseLong(payload, 0, space, 10),
                Long.parseLong(payload, space + 1, payload.length(), 10),
                arrived);
    }

    record Throughput(long delivered, long expected, long elapsedNanos) {
        boolean complete() {
            return delivered == expected;
        }

        double perSecond() {
            return delivered * 1e9 / Math.max(1, elapsedNanos);
        }
    }

    static Throughput throughput(
            java.util.function.UnaryOperator<String> publish,
            ClientConnection publisher,
            int subscribers,
            Settings settings,
            Phase[] phase)
            throws InterruptedException {
        return throughput(payload -> publisher.send(publish.apply(payload)), subscribers, settings, phase);
    }

    /**
     * The throughput phase with any publisher: {@code publish} sends one payload ({@code "<sequence> <nanos>"},
     * digits and one space) the way the protocol under test publishes it.
     */
    static Throughput throughput(
            java.util.function.Consumer<String> publish, int subscribers, Settings settings, Phase[] phase)
            throws InterruptedException {
        int publications = Math.max(2, settings.fanoutDeliveries() / subscribers);
        long first = SEQUENCE.getAndAdd(publications);
        AtomicIntegerArray remaining = new AtomicIntegerArray(publications);
        for (int i = 0; i < publications; i++) {
            remaining.set(i, subscribers);
        }
        Semaphore window = new Semaphore(settings.fanoutWindow());
        AtomicLong delivered = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        phase[0] = (sequence, scheduled, arrived) -> {
            long index = sequence - first;
            if (index < 0 || index >= publications) {
                return;
            }
            delivered.incrementAndGet();
            if (remaining.decrementAndGet((int) index) == 0) {
                window.release();
                if (finished.incrementAndGet() == publications) {
                    done.complete(arrived);
                }
            }
        };
        long deadline = System.nanoTime() + settings.roundTimeout().toNanos();
        long start = System.nanoTime();
        for (int i = 0; i < publications; i++) {
            if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            publish.accept((first + i) + " " + System.nanoTime());
        }
        long end;
        try {
            end = done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            end = System.nanoTime();
        }
        return new Throughput(delivered.get(), (long) publications * subscribers, end - start);
    }

    record Latency(long received, long expected, Histogram histogram) {
        boolean complete() {
            return received == expected;
        }

        double p(double percentile) {
            return histogram.getTotalCount() == 0
                    ? Double.NaN
                    : (percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile))
                            / 1000.0;
        }
    }

    static Latency latency(
            java.util.function.UnaryOperator<String> publish,
            ClientConnection publisher,
            int subscribers,
            Settings settings,
            Phase[] phase)
            throws InterruptedException {
        return latency(payload -> publisher.send(publish.apply(payload)), subscribers, settings, phase);
    }

    /** The latency phase with any publisher, as {@link #throughput(java.util.function.Consumer, int, Settings, Phase[])}. */
    static Latency latency(
            java.util.function.Consumer<String> publish, int subscribers, Settings settings, Phase[] phase)
            throws InterruptedException {
        long period = Math.round(1e9 * subscribers / settings.latencyRate());
        int publications =
                Math.max(3, (int) Math.round(settings.latencySeconds() * settings.latencyRate() / subscribers));
        long first = SEQUENCE.getAndAdd(publications);
        long expected = (long) publications * subscribers;
        Recorder recorder = new Recorder(3);
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        phase[0] = (sequence, scheduled, arrived) -> {
            if (sequence < first || sequence >= first + publications) {
                return;
            }
            recorder.recordValue(Math.max(0, arrived - scheduled));
            if (received.incrementAndGet() == expected) {
                done.complete(null);
            }
        };
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < publications; i++) {
            long scheduled = start + i * period;
            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            // Sent late when the driver fell behind, but stamped with the schedule: the delay counts as latency.
            publish.accept((first + i) + " " + scheduled);
        }
        try {
            done.get(settings.roundTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // Reported as incomplete.
        }
        return new Latency(received.get(), expected, recorder.getIntervalHistogram());
    }
}
