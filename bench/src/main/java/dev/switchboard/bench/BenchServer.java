package dev.switchboard.bench;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One server under test, in a JVM of its own: {@code BenchServer switchboard} runs the embedded Switchboard
 * server with {@link BenchEchoHandler} and the sgc protocol; {@code BenchServer baseline} runs the raw container
 * with {@link RawEchoEndpoint} and {@link RawBroadcastEndpoint}. Both bind 127.0.0.1 on a free port.
 *
 * <p>The harness talks to it over standard input and output, one line each way, so the server needs no admin
 * endpoint that would itself cost memory: it prints {@code BENCH READY <port>}, answers {@code STATS} with
 * {@code BENCH STATS heap=<bytes> rss=<bytes> fds=<n> threads=<n>} measured after a full GC, {@code FDS} with
 * {@code BENCH FDS <n>} (open descriptors, no GC), {@code LIVE} with {@code BENCH LIVE heap=<bytes> afterGc=<bytes>
 * rss=<bytes> fds=<n> threads=<n>} (no GC: the heap now and as the last collections left it), and stops on
 * {@code QUIT} or when its input closes (the harness died), so no server outlives a run.
 */
public final class BenchServer {

    /** Idle timeout of both servers, in seconds: long enough that no scenario's idle connection times out. */
    static final int IDLE_TIMEOUT_SECONDS = 600;

    private BenchServer() {}

    /**
     * Runs one server until told to stop.
     *
     * @param args {@code switchboard} or {@code baseline}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        // The control channel is stdout; everything the servers log goes to stderr (the harness keeps it in a file).
        PrintStream control =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String kind = args.length == 1 ? args[0] : "";
        AutoCloseable stop;
        int port;
        switch (kind) {
            case "switchboard" -> {
                SwitchboardServer server = SwitchboardServer.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .beanClasses(BenchEchoHandler.class)
                        .environmentEntry(ConfigKeys.WEBSOCKET_IDLE_TIMEOUT, Integer.toString(IDLE_TIMEOUT_SECONDS))
                        .build();
                server.start();
                port = server.port();
                stop = server::stop;
            }
            case "baseline" -> {
                BaselineServer server = BaselineServer.start();
                port = server.port();
                stop = server::stop;
            }
            default -> {
                System.err.println("usage: BenchServer switchboard|baseline");
                System.exit(2);
                return;
            }
        }
        control.println("BENCH READY " + port);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("QUIT")) {
            if (line.equals("STATS")) {
                control.println("BENCH STATS " + stats());
            } else if (line.equals("FDS")) {
                control.println("BENCH FDS " + openFds());
            } else if (line.equals("LIVE")) {
                control.println("BENCH LIVE " + live());
            }
        }
        stop.close();
        System.exit(0);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        }
    }

    /**
     * The figures of a running server without a collection: the heap in use now, what the heap held after the last
     * collection of each pool (the level a leak raises), RSS, descriptors and threads.
     */
    private static String live() throws IOException {
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long afterGc = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage collected = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && collected != null) {
                afterGc += collected.getUsed();
            }
        }
        return "heap=" + heap + " afterGc=" + afterGc + " rss=" + rss() + " fds=" + openFds() + " threads="
                + ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long rss() throws IOException {
        for (String status : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (status.startsWith("VmRSS:")) {
                return Long.parseLong(status.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static String stats() throws IOException {
        // Two collections: the first may leave objects whose finalization or reference processing frees more.
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = rss();
        long fds = openFds();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return "heap=" + heap + " rss=" + rss + " fds=" + fds + " threads=" + threads;
    }
}
