package dev.switchboard.embedded.autobahn;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite;

/**
 * Runs the Autobahn|Testsuite fuzzing client (from the autobahntestsuite-maven-plugin jar, on Jython) against
 * the embedded server and fails when any case fails.
 *
 * <p>The server is the product as shipped: same filters, same WebSocket handshake, same permessage-deflate
 * support and configuration keys, plus {@link AutobahnEchoHandler} for plain connections. The one difference:
 * the inbound message limits are raised to 20 MiB through the normal keys, because case 9.x sends messages of
 * up to 16 MiB and the shipped limit is 1 MiB (those cases would otherwise, correctly, close with 1009).
 *
 * <p>The suite writes {@code target/autobahntestsuite-reports} below the working directory (index.json,
 * index.html, one JSON and HTML file per case); this class adds {@code TEST-autobahn.xml} there for CI and
 * prints the totals.
 *
 * <p>Arguments: the report directory (where the suite writes, relative to the working directory).
 */
public final class AutobahnFuzzingRun {

    private static final String AGENT = "Switchboard";
    private static final String TWENTY_MIB = String.valueOf(20 * 1024 * 1024);

    private AutobahnFuzzingRun() {}

    /**
     * Starts the server, runs every case, stops the server and exits with 0 only when no case failed.
     *
     * @param args the report directory
     * @throws Exception when the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "target/autobahntestsuite-reports");
        System.setProperty(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, TWENTY_MIB);
        System.setProperty(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, TWENTY_MIB);

        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(AutobahnEchoHandler.class)
                .build();
        server.start();
        long started = System.nanoTime();
        try {
            runClient("ws://127.0.0.1:" + server.port());
        } finally {
            server.stop();
        }
        // After the stop, so the server's shutdown log (stderr) cannot interleave with the summary line.
        int failed = summarize(reports, (System.nanoTime() - started) / 1_000_000_000.0);
        System.out.flush();
        // Jython's reactor threads are not daemons; exit explicitly so Maven's exec step ends.
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * Runs the fuzzing client in a child JVM whose class path holds only the suite, Jython and this class. Jython
     * maps top-level Java packages to Python modules, so a library with a package named {@code io} (Bucket4j's
     * {@code io.github}) on the server's class path would shadow Python's {@code io} and break the suite.
     */
    private static void runClient(String url) throws IOException, InterruptedException {
        String separator = java.io.File.pathSeparator;
        String classPath = java.util.Arrays.stream(
                        System.getProperty("java.class.path").split(separator))
                .filter(entry -> entry.contains("autobahntestsuite-maven-plugin")
                        || entry.contains("jython-standalone")
                        || entry.contains("json-simple")
                        || entry.endsWith("test-classes")
                        || entry.endsWith("test-classes/"))
                .collect(java.util.stream.Collectors.joining(separator));
        Process client = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-classpath",
                        classPath,
                        Client.class.getName(),
                        url)
                .inheritIO()
                .start();
        int exit = client.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("The Autobahn client exited with " + exit);
        }
    }

    /** The fuzzing client's JVM: runs every case against the URL given as the only argument. */
    public static final class Client {
        private Client() {}

        /**
         * Runs the suite.
         *
         * @param args the server's ws:// URL
         * @throws Exception when the suite cannot run
         */
        public static void main(String[] args) throws Exception {
            AutobahnTestSuite.runFuzzingClient(AGENT, args[0], Map.of("version", 18), List.of("*"), List.of());
            // Jython's reactor threads are not daemons; exit explicitly.
            System.exit(0);
        }
    }

    private static int summarize(Path reports, double seconds) throws IOException {
        JsonObject index;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(reports.resolve("index.json")))) {
            index = reader.readObject();
        }
        JsonObject cases = index.getJsonObject(AGENT);
        if (cases == null || cases.isEmpty()) {
            throw new IllegalStateException("No Autobahn results for agent " + AGENT + " in " + reports);
        }
        Map<String, Integer> byBehavior = new TreeMap<>();
        StringBuilder failures = new StringBuilder();
        StringBuilder junit = new StringBuilder();
        int failed = 0;
        for (String id : sortedCaseIds(cases)) {
            JsonObject result = cases.getJsonObject(id);
            String behavior = result.getString("behavior");
            String close = result.getString("behaviorClose");
            byBehavior.merge(behavior, 1, Integer::sum);
            boolean ok = passed(behavior) && passed(close);
            junit.append("  <testcase classname=\"Autobahn\" name=\"")
                    .append(id)
                    .append("\" time=\"")
                    .append(String.format(Locale.ROOT, "%.3f", result.getInt("duration", 0) / 1000.0))
                    .append("\"");
            if (ok) {
                junit.append("/>\n");
            } else {
                failed++;
                failures.append("  ")
                        .append(id)
                        .append(": ")
                        .append(behavior)
                        .append(" / close ")
                        .append(close)
                        .append(" (")
                        .append(result.getString("reportfile", ""))
                        .append(")\n");
                junit.append("><failure message=\"")
                        .append(behavior)
                        .append(" / close ")
                        .append(close)
                        .append("\"/></testcase>\n");
            }
        }
        writeJunit(reports.resolve("TEST-autobahn.xml"), cases.size(), failed, seconds, junit);

        System.out.printf(
                Locale.ROOT,
                "Autobahn: %d passed, %d failed of %d cases in %.0f s (%s); report %s%n",
                cases.size() - failed,
                failed,
                cases.size(),
                seconds,
                byBehavior,
                reports.resolve("index.html").toAbsolutePath());
        if (failed > 0) {
            System.out.print("Autobahn failures:\n" + failures);
        }
        return failed;
    }

    private static boolean passed(String behavior) {
        // The suite's own verdicts: NON-STRICT is conformant but pedantic, INFORMATIONAL records a choice.
        return switch (behavior) {
            case "OK", "NON-STRICT", "INFORMATIONAL" -> true;
            default -> false;
        };
    }

    private static List<String> sortedCaseIds(JsonObject cases) {
        return cases.keySet().stream()
                .sorted(AutobahnFuzzingRun::compareCaseIds)
                .toList();
    }

    /** Orders "1.2.10" after "1.2.9". */
    private static int compareCaseIds(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int compared = Integer.compare(Integer.parseInt(a[i]), Integer.parseInt(b[i]));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static void writeJunit(Path file, int tests, int failed, double seconds, CharSequence cases)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.format(
                    Locale.ROOT,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                            + "<testsuite name=\"Autobahn\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\""
                            + " time=\"%.3f\">%n",
                    tests,
                    failed,
                    seconds));
            out.append(cases);
            out.write("</testsuite>\n");
        }
    }
}
