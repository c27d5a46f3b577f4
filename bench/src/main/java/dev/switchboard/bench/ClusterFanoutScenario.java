package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Scenario 5, cluster fan-out: the publisher on node A, N subscribers on node B, two Switchboard JVMs joined over one
 * Artemis broker (and, with the default {@code jdbc} history, one shared H2 database), both in a third JVM
 * ({@link ClusterServices}). In the same round, the same N subscribers and publisher on the single, unclustered
 * Switchboard server of the run are measured the same way, so each figure comes with its cross-node / single-node
 * ratio.
 *
 * <p>Both set-ups are measured exactly as {@link FanoutScenario} measures one server (a throughput phase with a
 * window of publications in flight, then a fixed-rate latency phase stamped with the scheduled send time), with the
 * same sgc messages. Their connections stay open for the whole size and the two alternate within each round, so a
 * change in the machine's load weighs on both. Before measuring, probes are published on node A until one reaches
 * every subscriber on node B: the path through the broker is proven, not assumed.
 */
final class ClusterFanoutScenario {

    /** The scenario's name in the results. */
    static final String NAME = "cluster fan-out";

    /** Its two series: subscribers on another node than the publisher, and all of them on one unclustered node. */
    static final Results.Columns COLUMNS =
            new Results.Columns("cross-node", "Cross-node", "single-node", "Single node", "cross-node / single-node");

    /** The history stores the cluster's nodes may use ({@code switchboard.history.store}). */
    static final List<String> HISTORY_STORES = List.of("jdbc", "none", "memory");

    /** A node start (Weld, Jetty, the Artemis client) on a loaded two-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private ClusterFanoutScenario() {}

    /** One way of fanning out: where the publisher and the subscribers are connected, and their phase. */
    private record Setup(String series, String label, ClientConnection publisher, FanoutScenario.Phase[] phase) {}

    /**
     * The two nodes and their services.
     *
     * @param services   the broker and the database
     * @param publishing node A, where the publisher connects
     * @param receiving  node B, where the subscribers connect
     * @param history    the nodes' history store
     */
    record Cluster(ServerProcess services, ServerProcess publishing, ServerProcess receiving, String history)
            implements AutoCloseable {

        /**
         * Starts the services, then both nodes, and waits until both report their cluster link up.
         *
         * @param history    the nodes' history store, one of {@link #HISTORY_STORES}
         * @param jvmOptions the JVM options of a process, by its name ({@code cluster-services}, {@code node-a},
         *                   {@code node-b})
         * @param classPath  the class path of the child JVMs
         * @param out        where their logs go
         * @return the running cluster
         * @throws Exception when a part does not start or a node does not link in time
         */
        static Cluster start(String history, Function<String, List<String>> jvmOptions, String classPath, Path out)
                throws Exception {
            ServerProcess services = ServerProcess.start(
                    null,
                    "Cluster services",
                    ClusterServices.class,
                    List.of(),
                    jvmOptions.apply("cluster-services"),
                    classPath,
                    out.resolve("cluster-services.log"));
            CompletableFuture<ServerProcess> a = null;
            CompletableFuture<ServerProcess> b = null;
            try {
                int brokerPort = services.ready().get(0);
                int databasePort = services.ready().get(1);
                // Both nodes start at once: each start is mostly single-threaded class loading and CDI discovery.
                a = startNode("a", history, brokerPort, databasePort, jvmOptions, classPath, out);
                b = startNode("b", history, brokerPort, databasePort, jvmOptions, classPath, out);
                Cluster cluster = new Cluster(services, join(a), join(b), history);
                awaitLinked(cluster.publishing(), START_TIMEOUT);
                awaitLinked(cluster.receiving(), START_TIMEOUT);
                return cluster;
            } catch (Exception e) {
                // A node still starting is stopped once it has started.
                for (CompletableFuture<ServerProcess> node : Arrays.asList(a, b)) {
                    if (node != null) {
                        node.thenAccept(ServerProcess::close);
                    }
                }
                services.close();
                throw e;
            }
        }

        @Override
        public void close() {
            publishing.close();
            receiving.close();
            services.close();
        }
    }

    private static CompletableFuture<ServerProcess> startNode(
            String id,
            String history,
            int brokerPort,
            int databasePort,
            Function<String, List<String>> jvmOptions,
            String classPath,
            Path out) {
        List<String> options = new ArrayList<>(jvmOptions.apply("node-" + id));
        options.add("-Dswitchboard.cluster.enabled=true");
        options.add("-Dswitchboard.cluster.node-id=" + id);
        options.add("-Dswitchboard.cluster.broker-url=tcp://127.0.0.1:" + brokerPort);
        options.add("-Dswitchboard.history.store=" + history);
        if (history.equals("jdbc")) {
            options.add("-Dswitchboard.datasource.url=jdbc:h2:tcp://127.0.0.1:" + databasePort
                    + "/mem:bench-cluster;DB_CLOSE_DELAY=-1");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServerProcess.start(
                        ServerKind.SWITCHBOARD,
                        "Node " + id.toUpperCase(Locale.ROOT),
                        BenchServer.class,
                        List.of(ServerKind.SWITCHBOARD.id()),
                        options,
                        classPath,
                        out.resolve("node-" + id + "-server.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static ServerProcess join(CompletableFuture<ServerProcess> node) throws IOException {
        try {
            return node.get(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException unchecked
                    ? unchecked.getCause()
                    : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("A cluster node did not start within " + START_TIMEOUT, e);
        }
    }

    /** Polls the node's {@code /health} until it reports its cluster link up (status 200, {@code "linked":true}). */
    private static void awaitLinked(ServerProcess node, Duration timeout) throws IOException {
        URI health = URI.create("http://127.0.0.1:" + node.port() + "/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(health)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    last = response.statusCode() + " " + response.body();
                    if (response.statusCode() == 200 && response.body().contains("\"linked\":true")) {
                        return;
                    }
                } catch (IOException notYet) {
                    last = notYet.toString();
                }
                LockSupport.parkNanos(100_000_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        throw new IOException(
                node.label() + " did not link to the cluster within " + timeout + "; last /health: " + last);
    }

    /**
     * Measures every size of {@link Settings#clusterSubscribers()} on the cluster and on the single node.
     *
     * @param single  the run's unclustered Switchboard server
     * @param cluster the two nodes
     * @param client  the driver
     * @param settings the sizes
     * @param results where the figures go
     * @throws Exception when connections cannot be opened or the cluster does not carry the probes
     */
    static void run(ServerProcess single, Cluster cluster, LoadClient client, Settings settings, Results results)
            throws Exception {
        ServerKind kind = ServerKind.SWITCHBOARD;
        results.environment(
                NAME,
                "publisher on node A, subscribers on node B (two Switchboard JVMs with the server JVM options),"
                        + " one Artemis broker"
                        + (cluster.history().equals("jdbc") ? " and one H2 TCP server (shared jdbc history)" : "")
                        + " in a third JVM, node history " + cluster.history()
                        + "; single node: the run's Switchboard server (no cluster, memory history); fan-out's"
                        + " deliveries, window, latency rate and messages");
        for (int subscribers : settings.clusterSubscribers()) {
            List<ClientConnection> open = new ArrayList<>();
            try {
                Setup singleNode = open(client, single, single, subscribers, open, COLUMNS.secondId(), "single node");
                Setup crossNode = open(
                        client,
                        cluster.publishing(),
                        cluster.receiving(),
                        subscribers,
                        open,
                        COLUMNS.firstId(),
                        "cross-node");
                awaitReach(crossNode, subscribers, Duration.ofSeconds(60));
                String size = "N=" + subscribers;
                String at = " at " + settings.latencyRate() + "/s";
                for (int round = 0; round < settings.warmupRounds() + settings.rounds(); round++) {
                    boolean warmup = round < settings.warmupRounds();
                    String label = warmup ? "warm-up" : "round " + (round + 1 - settings.warmupRounds());
                    // Alternating which goes first, so neither always inherits the other's leftovers (GC, JIT).
                    List<Setup> order =
                            round % 2 == 0 ? List.of(crossNode, singleNode) : List.of(singleNode, crossNode);
                    for (Setup setup : order) {
                        FanoutScenario.Throughput throughput = FanoutScenario.throughput(
                                kind::publishMessage, setup.publisher(), subscribers, settings, setup.phase());
                        FanoutScenario.Latency latency = FanoutScenario.latency(
                                kind::publishMessage, setup.publisher(), subscribers, settings, setup.phase());
                        boolean complete = throughput.complete() && latency.complete();
                        Harness.log(
                                "cluster fan-out %s %s %s: %,.0f deliveries/s; at %,d/s p50 %.0f µs, p99 %.0f µs,"
                                        + " max %.0f µs%s",
                                setup.label(),
                                size,
                                label,
                                throughput.perSecond(),
                                settings.latencyRate(),
                                latency.p(50),
                                latency.p(99),
                                latency.p(100),
                                complete
                                        ? ""
                                        : " (INCOMPLETE: throughput " + throughput.delivered() + " of "
                                                + throughput.expected() + ", latency " + latency.received() + " of "
                                                + latency.expected() + ")");
                        if (warmup) {
                            continue;
                        }
                        if (!complete) {
                            results.note(NAME + " " + size + " " + setup.label() + ": a round lost deliveries"
                                    + " (throughput " + throughput.delivered() + "/" + throughput.expected()
                                    + ", latency " + latency.received() + "/" + latency.expected() + ") within "
                                    + settings.roundTimeout());
                        }
                        String series = setup.series();
                        results.add(
                                NAME,
                                size + " throughput",
                                "deliveries/s",
                                Results.Better.HIGHER,
                                COLUMNS,
                                series,
                                throughput.perSecond());
                        results.add(
                                NAME, size + " p50" + at, "µs", Results.Better.LOWER, COLUMNS, series, latency.p(50));
                        results.add(
                                NAME, size + " p99" + at, "µs", Results.Better.LOWER, COLUMNS, series, latency.p(99));
                        results.add(
                                NAME,
                                size + " p99.9" + at,
                                "µs",
                                Results.Better.LOWER,
                                COLUMNS,
                                series,
                                latency.p(99.9));
                        results.add(
                                NAME, size + " max" + at, "µs", Results.Better.LOWER, COLUMNS, series, latency.p(100));
                    }
                }
            } finally {
                open.forEach(connection -> connection.listener(null));
                LoadClient.closeAll(open, Duration.ofSeconds(60));
            }
        }
    }

    /** Opens and subscribes the subscribers on one server and the publisher on another (or the same). */
    private static Setup open(
            LoadClient client,
            ServerProcess publishing,
            ServerProcess receiving,
            int subscribers,
            List<ClientConnection> open,
            String series,
            String label)
            throws Exception {
        ServerKind kind = ServerKind.SWITCHBOARD;
        List<ClientConnection> receivers = client.connectAll(
                receiving.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), subscribers, 200, Duration.ofSeconds(120));
        open.addAll(receivers);
        FanoutScenario.Phase[] phase = {(sequence, scheduled, arrived) -> {}};
        FanoutScenario.subscribe(kind, receivers, phase, Duration.ofSeconds(60));
        ClientConnection publisher = client.connectAll(
                        publishing.uri(kind.fanoutPath()), kind.fanoutSubprotocol(), 1, 1, Duration.ofSeconds(30))
                .get(0);
        open.add(publisher);
        return new Setup(series, label, publisher, phase);
    }

    /**
     * Publishes probes, one every 20 ms, until one of them has reached every subscriber (each subscriber receives a
     * publication at most once, so N deliveries of one probe are all N subscribers).
     */
    private static void awaitReach(Setup setup, int subscribers, Duration timeout) throws IOException {
        Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        CompletableFuture<Long> reached = new CompletableFuture<>();
        setup.phase()[0] = (sequence, scheduled, arrived) -> {
            if (deliveries.computeIfAbsent(sequence, s -> new AtomicInteger()).incrementAndGet() == subscribers) {
                reached.complete(sequence);
            }
        };
        ClientConnection publisher = setup.publisher();
        long deadline = System.nanoTime() + timeout.toNanos();
        int probes = 0;
        while (!reached.isDone() && System.nanoTime() < deadline) {
            publisher.send(ServerKind.SWITCHBOARD.publishMessage(
                    FanoutScenario.SEQUENCE.getAndIncrement() + " " + System.nanoTime()));
            probes++;
            try {
                reached.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // The next probe.
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        if (!reached.isDone()) {
            int best = deliveries.values().stream()
                    .mapToInt(AtomicInteger::get)
                    .max()
                    .orElse(0);
            throw new IOException("none of " + probes + " probes published on node A reached all " + subscribers
                    + " subscribers on node B within " + timeout + " (at most " + best + ")");
        }
        Harness.log(
                "cluster fan-out: a probe reached all %d subscribers on node B after %d probes", subscribers, probes);
    }
}
