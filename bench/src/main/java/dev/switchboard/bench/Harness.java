package dev.switchboard.bench;

import dev.switchboard.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the benchmark: starts the Switchboard server and the raw-Jetty baseline, each in its own JVM with the same
 * options, drives every scenario against both from this JVM, and writes {@code results.md} and
 * {@code results.json} (plus a copy named after the start time) to the output directory. The cluster fan-out
 * compares Switchboard with itself instead (two clustered nodes against the single server) and starts its cluster
 * only for its own run; a run of it alone starts no baseline. The STOMP and MQTT fan-outs compare Switchboard with a
 * broker of the protocol instead (Spring's simple broker, {@link SpringStompServer}; Mosquitto,
 * {@link MosquittoProcess}), each started for its scenario only. Echo, fan-out and idle also run against the Node.js
 * ws peer ({@link NodeWsPeer}) in the same rounds, reported as Switchboard / Node ws.
 *
 * <pre>
 * Harness [--out DIR] [--profile full|quick|smoke]
 *         [--only echo,fanout,idle,sse,cluster-fanout,stomp-fanout,mqtt-fanout] [--jfr]
 *         [--cluster-history jdbc|none|memory] [--mosquitto on|off] [--node on|off] [--twin] [--max-load 1.0]
 *         [--load-wait-seconds 900] [--idle-connections 10000,50000] [--idle-hold SECONDS]
 * </pre>
 *
 * <p>{@code --max-load} waits (polling, at most {@code --load-wait-seconds}) until the one-minute load average is
 * below the limit, because other work on the machine would be measured too; the load at the start and the end is
 * recorded either way. {@code --jfr} records both servers (and the cluster's nodes) with Java Flight Recorder into
 * the output directory. {@code --cluster-history} is the history store of the cluster's nodes (default {@code jdbc}:
 * one shared H2 database, as a cluster whose clients resume on any node runs). {@code --mosquitto} runs the MQTT
 * fan-out with or without Mosquitto whatever the profile says (the smoke profile runs it without). {@code --node}
 * runs echo, fan-out and idle with or without the Node.js ws peer (default: with it, but not in the smoke profile, so
 * the default build needs no npm install; a peer that cannot start is noted and the run goes on). {@code --twin}
 * adds to echo and fan-out a second Switchboard server set up exactly as the first, taking its turn in every round,
 * and reports Switchboard A / B: an A/A comparison, whose distance from 1 is what two identical servers differ by in
 * one run, the spread every other ratio of that run sits in. {@code --idle-connections} and {@code --idle-hold}
 * replace the profile's idle connection counts and how long they are held open before the server is measured
 * (seconds, fractions allowed).
 */
public final class Harness {

    /** Every scenario, in the order a run takes them. */
    static final List<String> SCENARIOS =
            List.of("echo", "fanout", "idle", "sse", "cluster-fanout", "stomp-fanout", "mqtt-fanout");

    /** The scenarios that compare Switchboard with the raw-Jetty baseline. */
    private static final Set<String> BASELINE_SCENARIOS = Set.of("echo", "fanout", "idle", "sse");

    /** The version of the Spring jars on the class path (the STOMP peer's). */
    private static final String SPRING_VERSION = springVersion();

    private Harness() {}

    private static String springVersion() {
        String version = org.springframework.core.SpringVersion.getVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see the class documentation
     * @throws Exception when a server cannot start or a scenario fails outright
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of("results");
        Settings settings = Settings.full();
        Set<String> only = new LinkedHashSet<>(SCENARIOS);
        boolean jfr = false;
        String clusterHistory = "jdbc";
        double maxLoad = 0;
        long loadWaitSeconds = 900;
        Boolean mosquitto = null;
        boolean twin = false;
        Boolean node = null;
        List<Integer> idleConnections = null;
        java.time.Duration idleHold = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--profile" ->
                    settings = switch (args[++i]) {
                        case "smoke" -> Settings.smoke();
                        case "quick" -> Settings.quick();
                        default -> Settings.full();
                    };
                case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--jfr" -> jfr = true;
                case "--twin" -> twin = true;
                case "--node" ->
                    node = switch (args[++i]) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--node on|off, not " + args[i]);
                    };
                case "--cluster-history" -> clusterHistory = args[++i];
                case "--max-load" -> maxLoad = Double.parseDouble(args[++i]);
                case "--load-wait-seconds" -> loadWaitSeconds = Long.parseLong(args[++i]);
                case "--idle-connections" ->
                    idleConnections = java.util.Arrays.stream(args[++i].split(","))
                            .map(count -> Integer.valueOf(count.replace("_", "").trim()))
                            .toList();
                case "--idle-hold" ->
                    idleHold = java.time.Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--mosquitto" ->
                    mosquitto = switch (args[++i]) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--mosquitto on|off, not " + args[i]);
                    };
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (mosquitto != null) {
            // After the loop, so the order of --profile and --mosquitto does not matter.
            settings = settings.withMosquitto(mosquitto);
        }
        if (idleConnections != null || idleHold != null) {
            settings = settings.withIdle(idleConnections, idleHold);
        }
        if (!SCENARIOS.containsAll(only)) {
            throw new IllegalArgumentException("Unknown scenario in " + only + "; known: " + SCENARIOS);
        }
        if (!ClusterFanoutScenario.HISTORY_STORES.contains(clusterHistory)) {
            throw new IllegalArgumentException(
                    "--cluster-history " + clusterHistory + ": one of " + ClusterFanoutScenario.HISTORY_STORES);
        }
        if (maxLoad > 0) {
            waitForQuietMachine(maxLoad, loadWaitSeconds);
        }
        boolean nodeWs = node != null ? node : !settings.profile().equals("smoke");
        Results results = run(settings, out, only, jfr, clusterHistory, twin, nodeWs);
        System.out.println();
        System.out.println(results.markdown());
    }

    /**
     * Runs the scenarios and writes the results.
     *
     * @param settings the sizes
     * @param out      the output directory
     * @param only     the scenarios to run
     * @param jfr      whether to record the servers with JFR
     * @return the results
     * @throws Exception when a server cannot start or a scenario fails outright
     */
    static Results run(Settings settings, Path out, Set<String> only, boolean jfr) throws Exception {
        return run(settings, out, only, jfr, "jdbc");
    }

    /**
     * Runs the scenarios and writes the results.
     *
     * @param settings       the sizes
     * @param out            the output directory
     * @param only           the scenarios to run
     * @param jfr            whether to record the servers with JFR
     * @param clusterHistory the history store of the cluster fan-out's nodes
     * @return the results
     * @throws Exception when a server cannot start or a scenario fails outright
     */
    static Results run(Settings settings, Path out, Set<String> only, boolean jfr, String clusterHistory)
            throws Exception {
        return run(settings, out, only, jfr, clusterHistory, false);
    }

    /**
     * Runs the scenarios and writes the results.
     *
     * @param settings       the sizes
     * @param out            the output directory
     * @param only           the scenarios to run
     * @param jfr            whether to record the servers with JFR
     * @param clusterHistory the history store of the cluster fan-out's nodes
     * @param twin           whether echo and fan-out also measure an identical second Switchboard (A/A)
     * @return the results
     * @throws Exception when a server cannot start or a scenario fails outright
     */
    static Results run(Settings settings, Path out, Set<String> only, boolean jfr, String clusterHistory, boolean twin)
            throws Exception {
        return run(settings, out, only, jfr, clusterHistory, twin, false);
    }

    /**
     * Runs the scenarios and writes the results.
     *
     * @param settings       the sizes
     * @param out            the output directory
     * @param only           the scenarios to run
     * @param jfr            whether to record the servers with JFR
     * @param clusterHistory the history store of the cluster fan-out's nodes
     * @param twin           whether echo and fan-out also measure an identical second Switchboard (A/A)
     * @param nodeWs         whether echo, fan-out and idle also measure the Node.js ws peer
     * @return the results
     * @throws Exception when a server cannot start or a scenario fails outright
     */
    static Results run(
            Settings settings,
            Path out,
            Set<String> only,
            boolean jfr,
            String clusterHistory,
            boolean twin,
            boolean nodeWs)
            throws Exception {
        Files.createDirectories(out);
        Results results = new Results();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        recordEnvironment(results, settings, started);
        String classPath = serverClassPath();
        Function<String, List<String>> jvmOptions = name -> {
            List<String> options = new ArrayList<>(settings.serverJvmOptions());
            if (jfr) {
                options.add("-XX:StartFlightRecording=filename="
                        + out.resolve(name + ".jfr").toAbsolutePath() + ",settings=profile,dumponexit=true");
            }
            return options;
        };
        // The cluster fan-out compares Switchboard with itself: run alone, it needs no baseline.
        boolean baselineNeeded = only.stream().anyMatch(BASELINE_SCENARIOS::contains);
        Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
        List<ServerProcess> extra = new ArrayList<>();
        try (LoadClient client = new LoadClient(settings.sourceAddresses(), 4)) {
            for (ServerKind kind : ServerKind.values()) {
                if (kind == ServerKind.BASELINE && !baselineNeeded || kind == ServerKind.NODE_WS) {
                    // The Node.js ws peer is no BenchServer; it starts below when the run includes it.
                    continue;
                }
                servers.put(
                        kind,
                        ServerProcess.start(
                                kind, jvmOptions.apply(kind.id()), classPath, out.resolve(kind.id() + "-server.log")));
                log(
                        "%s server started (pid %d)",
                        kind.label(), servers.get(kind).pid());
            }
            // The cost of metrics: a second Switchboard with metrics off runs the echo and fan-out scenarios too.
            List<ServerProcess> compared = new ArrayList<>(servers.values());
            if (only.contains("echo") || only.contains("fanout")) {
                List<String> off = new ArrayList<>(jvmOptions.apply("switchboard-metrics-off"));
                off.add("-D" + ConfigKeys.METRICS_ENABLED + "=false");
                ServerProcess metricsOff = ServerProcess.start(
                                ServerKind.SWITCHBOARD,
                                "Switchboard (metrics off)",
                                BenchServer.class,
                                List.of(ServerKind.SWITCHBOARD.id()),
                                off,
                                classPath,
                                out.resolve("switchboard-metrics-off-server.log"))
                        .metricsOff();
                extra.add(metricsOff);
                compared.add(metricsOff);
                results.compareMetrics();
                log("Switchboard (metrics off) server started (pid %d)", metricsOff.pid());
                if (twin) {
                    ServerProcess second = ServerProcess.start(
                                    ServerKind.SWITCHBOARD,
                                    "Switchboard B (A/A twin)",
                                    BenchServer.class,
                                    List.of(ServerKind.SWITCHBOARD.id()),
                                    jvmOptions.apply("switchboard-twin"),
                                    classPath,
                                    out.resolve("switchboard-twin-server.log"))
                            .twin();
                    extra.add(second);
                    compared.add(second);
                    results.compareTwins();
                    log("Switchboard B (A/A twin) server started (pid %d)", second.pid());
                }
            }
            // The Node.js ws peer takes its turn in echo and fan-out like the other servers, and has its idle round.
            ServerProcess node = null;
            if (nodeWs && only.stream().anyMatch(NodeWsPeer.OPTIONS::contains)) {
                try {
                    node = NodeWsPeer.start(settings.serverJvmOptions(), out.resolve("node-ws-server.log"));
                    extra.add(node);
                    compared.add(node);
                    results.compareNodeWs();
                    String version = NodeWsPeer.version();
                    results.environment("Node ws peer", version + ", bench/node/server.mjs");
                    log("%s peer started (pid %d)", version, node.pid());
                } catch (java.io.IOException e) {
                    log("the Node.js ws peer did not start: %s", e.getMessage());
                    results.note("Node ws peer not run: " + e.getMessage()
                            + " (bench/run.sh installs its dependencies; --node off leaves it out)");
                }
            }
            ServerProcess nodePeer = node;
            // Echo and fan-out measure one server at a time (the others idle), the servers taking turns round by
            // round. A scenario that fails is reported in the notes and the run goes on, so one problem does not
            // void the others.
            if (only.contains("echo")) {
                scenario("echo", results, () -> EchoScenario.run(compared, client, settings, results));
            }
            if (only.contains("fanout")) {
                scenario("fan-out", results, () -> FanoutScenario.run(compared, client, settings, results));
            }
            if (only.contains("idle")) {
                scenario("idle", results, () -> {
                    for (ServerProcess server : servers.values()) {
                        IdleScenario.run(server, client, settings, results);
                    }
                    if (nodePeer != null) {
                        IdleScenario.run(nodePeer, client, settings, results);
                    }
                });
            }
            if (only.contains("sse")) {
                scenario("SSE fan-out", results, () -> SseScenario.run(servers, client, settings, results));
            }
            if (only.contains("cluster-fanout")) {
                scenario(ClusterFanoutScenario.NAME, results, () -> {
                    log("starting the cluster: services, node A and node B (history %s)", clusterHistory);
                    try (ClusterFanoutScenario.Cluster cluster =
                            ClusterFanoutScenario.Cluster.start(clusterHistory, jvmOptions, classPath, out)) {
                        log(
                                "cluster linked (node A pid %d, node B pid %d, services pid %d)",
                                cluster.publishing().pid(),
                                cluster.receiving().pid(),
                                cluster.services().pid());
                        ClusterFanoutScenario.run(
                                servers.get(ServerKind.SWITCHBOARD), cluster, client, settings, results);
                    }
                });
            }
            if (only.contains(PeerFanoutScenario.STOMP.option())) {
                scenario(PeerFanoutScenario.STOMP.name(), results, () -> {
                    try (ServerProcess spring = ServerProcess.start(
                            null,
                            "Spring simple broker",
                            SpringStompServer.class,
                            List.of(),
                            jvmOptions.apply("spring"),
                            classPath,
                            out.resolve("spring-server.log"))) {
                        log("Spring simple broker started (pid %d)", spring.pid());
                        PeerFanoutScenario.run(
                                PeerFanoutScenario.STOMP,
                                List.of(
                                        switchboardTarget(servers),
                                        new PeerFanoutScenario.Target(
                                                "spring",
                                                spring.label(),
                                                spring.uri(SpringStompServer.PATH),
                                                ServerMeter.of(spring.handle()))),
                                client,
                                settings,
                                results);
                    }
                });
            }
            if (only.contains(PeerFanoutScenario.MQTT.option())) {
                scenario(PeerFanoutScenario.MQTT.name(), results, () -> {
                    if (!settings.mosquitto()) {
                        results.note(PeerFanoutScenario.MQTT.name() + ": Mosquitto is not run in the "
                                + settings.profile() + " profile; Switchboard's figures only");
                        PeerFanoutScenario.run(
                                PeerFanoutScenario.MQTT,
                                List.of(switchboardTarget(servers)),
                                client,
                                settings,
                                results);
                        return;
                    }
                    try (MosquittoProcess mosquitto = MosquittoProcess.start(out)) {
                        results.environment("MQTT peer", MosquittoProcess.version());
                        log("Mosquitto started (pid %d)", mosquitto.pid());
                        PeerFanoutScenario.run(
                                PeerFanoutScenario.MQTT,
                                List.of(
                                        switchboardTarget(servers),
                                        new PeerFanoutScenario.Target(
                                                "mosquitto",
                                                "Mosquitto",
                                                mosquitto.uri(),
                                                ServerMeter.of(mosquitto.handle()))),
                                client,
                                settings,
                                results);
                    }
                });
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
            extra.forEach(ServerProcess::close);
        }
        results.environment("load average at end", loadAverage());
        Targets.check(results, settings);
        String stamp = started.toString().replace(":", "");
        Files.writeString(
                out.resolve("results.md"), header(settings, started) + results.markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.json"), results.json(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results-" + stamp + ".json"), results.json(), StandardCharsets.UTF_8);
        log("results written to %s", out.toAbsolutePath());
        return results;
    }

    private static PeerFanoutScenario.Target switchboardTarget(Map<ServerKind, ServerProcess> servers) {
        ServerProcess switchboard = servers.get(ServerKind.SWITCHBOARD);
        return new PeerFanoutScenario.Target(
                ServerKind.SWITCHBOARD.id(),
                switchboard.label(),
                switchboard.uri("/ws"),
                ServerMeter.of(switchboard.handle()));
    }

    /** One scenario's work. */
    private interface Scenario {
        void run() throws Exception;
    }

    private static void scenario(String name, Results results, Scenario scenario) {
        try {
            scenario.run();
        } catch (Exception e) {
            log("%s FAILED: %s", name, e);
            e.printStackTrace();
            results.note(name + " FAILED: " + e);
        }
    }

    /**
     * The class path of the server JVMs: this module's classes and the flat copy of its runtime libraries the build
     * makes ({@code bench.server.lib}). Not this JVM's class path: in a reactor build that holds the embedded
     * module's runnable jar, whose manifest adds its own {@code lib/} copies of core and the web module, and CDI would
     * then discover every Switchboard bean twice.
     */
    static String serverClassPath() {
        String lib = System.getProperty("bench.server.lib");
        if (lib == null || !Files.isDirectory(Path.of(lib))) {
            return System.getProperty("java.class.path");
        }
        try {
            Path classes = Path.of(Harness.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classes + java.io.File.pathSeparator + Path.of(lib).toAbsolutePath() + java.io.File.separator + "*";
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(Settings settings, Instant started) {
        return "# Switchboard benchmark (" + settings.profile() + " profile), " + started + "\n\n"
                + "Produced by `bench/run.sh`; see docs/benchmarks.md for the method.\n\n";
    }

    private static void recordEnvironment(Results results, Settings settings, Instant started) {
        results.environment("started", started.toString());
        results.environment("profile", settings.profile());
        results.environment("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        results.environment("cpu", cpuModel());
        results.environment("memory", memoryTotal());
        results.environment(
                "jdk",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version());
        results.environment("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        results.environment(
                "server JVM options (every server, cluster node and service)",
                String.join(" ", settings.serverJvmOptions()));
        results.environment(
                "driver JVM options",
                String.join(
                        " ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean()
                                .getInputArguments()));
        results.environment("container", "Jetty 12.0.31 ee10 (same jars for both servers), virtual-thread executor");
        results.environment(
                "driver",
                "Jetty WebSocket core client, " + settings.sourceAddresses()
                        + " loopback source addresses, 4 worker threads + 1 selector per address");
        results.environment(
                "rounds",
                settings.warmupRounds() + " warm-up (discarded) + " + settings.rounds()
                        + " measured; figures are the median (min–max) of the measured rounds");
        results.environment(
                "echo",
                settings.echoRoundTrips() + " round trips per round, " + settings.echoPayloadBytes()
                        + "-byte text messages");
        results.environment(
                "fan-out",
                "throughput rounds: " + settings.fanoutDeliveries() + " deliveries, window of "
                        + settings.fanoutWindow() + " publications; latency rounds: " + settings.latencyRate()
                        + " deliveries/s for " + settings.latencySeconds()
                        + " s, measured from the scheduled publish time");
        results.environment(
                "STOMP and MQTT fan-out",
                "subscribers " + settings.peerSubscribers() + ", the fan-out's phases; STOMP peer: Spring Framework "
                        + SPRING_VERSION + " simple broker on the same Jetty (" + SpringStompServer.CHANNEL_THREADS
                        + " threads per client channel, send buffer " + SpringStompServer.SEND_BUFFER_BYTES / 1024
                        + " KiB, send time limit " + SpringStompServer.SEND_TIME_LIMIT_MILLIS + " ms)");
        results.environment("open file limit", Integer.toString(IdleScenario.maxConnections() + 1_000));
        results.environment("load average at start", loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void waitForQuietMachine(double maxLoad, long waitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            double load = Double.parseDouble(loadAverage().split(" ")[0]);
            if (load < maxLoad) {
                log("load average %.2f is below %.2f: starting", load, maxLoad);
                return;
            }
            if (System.nanoTime() > deadline) {
                log("load average still %.2f after %d s: starting anyway (recorded in the results)", load, waitSeconds);
                return;
            }
            log("load average %.2f is not below %.2f: waiting", load, maxLoad);
            Thread.sleep(15_000);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memoryTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("[^0-9]", ""))
                    .map(kb -> Long.parseLong(kb) / 1024 / 1024 + " GiB")
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(
                Locale.ROOT,
                "[bench %s] %s%n",
                java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, args));
    }
}
