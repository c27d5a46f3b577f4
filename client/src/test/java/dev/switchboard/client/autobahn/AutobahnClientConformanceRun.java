package dev.switchboard.client.autobahn;

import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.LinkTransport;
import dev.switchboard.client.link.Links;
import dev.switchboard.embedded.autobahn.AutobahnReport;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs every Autobahn|Testsuite case against the client's link: the suite's fuzzing server in a child JVM (Jython,
 * from the autobahntestsuite-maven-plugin jar), and this JVM connecting to it once per case with a {@link Link}
 * that echoes every text and binary message back, as the suite expects of a client under test. Then it asks the
 * suite for its reports, judges them with {@link AutobahnReport} and exits with 0 only when no case failed.
 *
 * <p>The link runs as shipped except for what the cases require of any client: no reconnect (each case is one
 * connection the suite closes or breaks on purpose), no heartbeat, permessage-deflate offered, and message limits
 * of 20 MiB because case 9.x sends messages of up to 16 MiB (the default 1 MiB would, correctly, close with 1009).
 *
 * <p>Arguments: the report directory (relative to the working directory), and optionally the first and last case
 * number to run (1-based, in the suite's order), to look at a few cases closely. With {@code -Dautobahn.log=true}
 * the fuzzing server logs what Twisted does.
 */
public final class AutobahnClientConformanceRun {

    static final String AGENT = "switchboard-client";
    private static final int TWENTY_MIB = 20 * 1024 * 1024;
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REPORT_DEADLINE = Duration.ofSeconds(60);

    private AutobahnClientConformanceRun() {}

    /**
     * Starts the fuzzing server, runs every case, and exits with 0 only when every case passed.
     *
     * @param args the report directory
     * @throws Exception when the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "target/autobahn-client-reports");
        int port = freePort();
        int failed;
        Process server = startFuzzingServer(port, freePort(), reports);
        try {
            awaitListening(port, server, Duration.ofSeconds(180));
            long started = System.nanoTime();
            String base = "ws://127.0.0.1:" + port;
            int cases = Integer.parseInt(readOne(base + "/getCaseCount").trim());
            System.out.printf("Autobahn client run: %d cases against the fuzzing server on port %d%n", cases, port);
            int first = args.length > 1 ? Integer.parseInt(args[1]) : 1;
            int last = args.length > 2 ? Integer.parseInt(args[2]) : cases;
            for (int number = first; number <= Math.min(last, cases); number++) {
                echoCase(base + "/runCase?case=" + number + "&agent=" + AGENT);
            }
            awaitReports(base, reports, Math.min(last, cases) - first + 1);
            int missing = Math.min(last, cases) - first + 1 - AutobahnReport.caseCount(reports, AGENT);
            failed = AutobahnReport.summarize(reports, AGENT, (System.nanoTime() - started) / 1e9)
                    + Math.max(0, missing);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }

    private static LinkOptions options(String url) {
        return LinkOptions.builder(url)
                .transports(LinkTransport.WEBSOCKET)
                .reconnect(false)
                .heartbeat(Duration.ZERO, Duration.ofSeconds(10))
                .permessageDeflate(true)
                .maxTextMessageSize(TWENTY_MIB)
                .maxBinaryMessageSize(TWENTY_MIB)
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(CASE_TIMEOUT)
                .build();
    }

    /** One case: echo whatever arrives until the suite ends the connection. */
    private static void echoCase(String url) throws Exception {
        CompletableFuture<LinkClosed> ended = new CompletableFuture<>();
        AtomicReference<Link> self = new AtomicReference<>();
        LinkListener echo = new LinkListener() {
            @Override
            public void opened(LinkSession session) {}

            @Override
            public void text(String text) {
                self.get().sendNow(text);
            }

            @Override
            public void binary(ByteBuffer data) {
                self.get().sendBinary(data);
            }

            @Override
            public void closed(LinkClosed closed) {
                if (!closed.retrying()) {
                    ended.complete(closed);
                }
            }
        };
        try (Link link = Links.create(options(url), echo)) {
            self.set(link);
            link.start();
            try {
                ended.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // The suite records the case as it stands; closing the link ends it.
                System.out.println("case " + url + " did not end within " + CASE_TIMEOUT + "; closing");
            }
        }
    }

    /**
     * Asks the suite for its reports until they hold every case that ran (or a deadline passes; a missing case then
     * fails the run). The suite records a case when its TCP connection is gone, which after a closing handshake the
     * server ends on its own schedule, so the last cases may still be open when the loop above finishes.
     */
    private static void awaitReports(String base, Path reports, int ran) throws Exception {
        long deadline = System.nanoTime() + REPORT_DEADLINE.toNanos();
        while (true) {
            readOne(base + "/updateReports?agent=" + AGENT);
            int reported = AutobahnReport.caseCount(reports, AGENT);
            if (reported >= ran) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("Autobahn: only %d of the %d cases that ran are in the report%n", reported, ran);
                return;
            }
        }
    }

    /** Connects, returns the first text message, and waits for the suite to close the connection. */
    private static String readOne(String url) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<LinkClosed> ended = new CompletableFuture<>();
        LinkListener reader = new LinkListener() {
            @Override
            public void opened(LinkSession session) {}

            @Override
            public void text(String text) {
                first.complete(text);
            }

            @Override
            public void closed(LinkClosed closed) {
                if (!closed.retrying()) {
                    first.complete("");
                    ended.complete(closed);
                }
            }
        };
        try (Link link = Links.open(options(url), reader)) {
            String text = first.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ended.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return text;
        }
    }

    /**
     * The fuzzing server runs in a child JVM whose class path holds only the suite, Jython and the test classes:
     * Jython maps top-level Java packages to Python modules, so a library with a package named {@code io} on the
     * class path would shadow Python's {@code io} and break the suite.
     */
    private static Process startFuzzingServer(int port, int webPort, Path reports) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("autobahntestsuite-maven-plugin")
                        || entry.contains("jython-standalone")
                        || entry.contains("json-simple")
                        || entry.endsWith("test-classes")
                        || entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-Dautobahn.log=" + Boolean.getBoolean("autobahn.log"),
                        "-classpath",
                        classPath,
                        FuzzingServer.class.getName(),
                        Integer.toString(port),
                        Integer.toString(webPort),
                        reports.toString())
                .inheritIO()
                .start();
    }

    private static void awaitListening(int port, Process server, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException notYet) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("The fuzzing server exited with " + server.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("The fuzzing server did not listen on " + port + " within " + timeout);
                }
                // Jython takes a while to load the suite; poll rather than busy-spin.
                server.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
