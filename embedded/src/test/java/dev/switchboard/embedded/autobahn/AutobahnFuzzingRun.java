package dev.switchboard.embedded.autobahn;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        int failed = AutobahnReport.summarize(reports, AGENT, (System.nanoTime() - started) / 1_000_000_000.0);
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
}
