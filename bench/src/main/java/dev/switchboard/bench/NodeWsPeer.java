package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js ws peer of echo, fan-out and idle: {@code bench/node/server.mjs}, the echo and broadcast loop a team
 * would write with the {@code ws} package, in a Node process of its own that speaks the {@link BenchServer} line
 * protocol, so the harness drives and measures it as a {@link ServerProcess} of kind {@link ServerKind#NODE_WS}. Its
 * dependencies come from {@code npm ci --prefix bench/node}, which {@code bench/run.sh} runs when a run includes it.
 */
final class NodeWsPeer {

    /** The scenarios it takes part in, by their names in the results. */
    static final Set<String> SCENARIOS = Set.of("echo", "fan-out", "idle");

    /** The same scenarios by the names {@code --only} takes. */
    static final Set<String> OPTIONS = Set.of("echo", "fanout", "idle");

    /** Where the program is, unless {@code bench.node.dir} says otherwise: relative to {@code bench/}. */
    static final String DEFAULT_DIRECTORY = "node";

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)([mMgG])");

    private NodeWsPeer() {}

    /** The directory of {@code server.mjs} and its {@code package.json}. */
    static Path directory() {
        String configured = System.getProperty("bench.node.dir");
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_DIRECTORY : configured)
                .toAbsolutePath();
    }

    /** The {@code node} binary: {@code NODE} in the environment, else the first on {@code PATH}; null when none. */
    static Path binary() {
        String configured = System.getenv("NODE");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "node"))) {
                return Path.of(entry, "node");
            }
        }
        return null;
    }

    /** Why the peer cannot run here, or null when it can. */
    static String missing() {
        if (binary() == null) {
            return "node is not on PATH (Node.js 20 or newer; NODE may name the binary)";
        }
        if (!Files.isRegularFile(directory().resolve("node_modules/ws/package.json"))) {
            return directory().resolve("node_modules") + " has no ws: run npm ci --prefix bench/node";
        }
        return null;
    }

    /**
     * Starts the peer and waits until it listens. V8's old space is limited to the Java servers' {@code -Xmx}: the
     * same ceiling for every server.
     *
     * @param serverJvmOptions the Java servers' options, for their maximum heap
     * @param log              where its standard error goes
     * @return the running peer
     * @throws IOException when it cannot run here, cannot start or does not report ready in time
     */
    static ServerProcess start(List<String> serverJvmOptions, Path log) throws IOException {
        String missing = missing();
        if (missing != null) {
            throw new IOException("The Node.js ws peer cannot run: " + missing);
        }
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        // server.mjs reads V8's heap after global.gc(), which only this flag provides.
        command.add("--expose-gc");
        long heap = maxHeapMegabytes(serverJvmOptions);
        if (heap > 0) {
            command.add("--max-old-space-size=" + heap);
        }
        command.add("server.mjs");
        return ServerProcess.start(ServerKind.NODE_WS, ServerKind.NODE_WS.label(), command, directory(), log);
    }

    /** The megabytes of the last {@code -Xmx} among the options, or 0 when there is none. */
    static long maxHeapMegabytes(List<String> jvmOptions) {
        long megabytes = 0;
        for (String option : jvmOptions) {
            Matcher matcher = MAX_HEAP.matcher(option);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                megabytes = matcher.group(2).toLowerCase(Locale.ROOT).equals("g") ? amount * 1024 : amount;
            }
        }
        return megabytes;
    }

    /** "Node.js v20.20.2, ws 8.23.1", with "unknown" for what cannot be read. */
    static String version() {
        return "Node.js " + nodeVersion() + ", ws " + wsVersion();
    }

    private static String wsVersion() {
        try {
            Matcher matcher = VERSION.matcher(
                    Files.readString(directory().resolve("node_modules/ws/package.json"), StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String nodeVersion() {
        return ServerProcess.firstLineOf(binary(), "--version");
    }
}
