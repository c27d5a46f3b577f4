package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BenchServer} (or the cluster's {@link ClusterServices}) in a child JVM, or the Node.js ws peer, and the line
 * protocol to it: the process prints {@code BENCH READY <port> [<more numbers>]} once it serves, and stops on
 * {@code QUIT}.
 */
final class ServerProcess implements AutoCloseable {

    /** Memory and resource figures of the server process, after a full GC. */
    record Stats(long heapBytes, long rssBytes, long openFds, int threads) {}

    /** A running server's figures without a collection ({@code LIVE}). */
    record Live(long heapBytes, long heapAfterGcBytes, long rssBytes, long openFds, int threads) {}

    private final ServerKind kind;
    private final String label;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final List<Integer> ready;
    private volatile boolean metricsOff;
    private volatile boolean twin;

    private ServerProcess(ServerKind kind, String label, Process process, Duration startTimeout) throws IOException {
        this.kind = kind;
        this.label = label;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "bench-" + label + "-stdout");
        reader.setDaemon(true);
        reader.start();
        this.ready = Arrays.stream(await("BENCH READY ", startTimeout).trim().split(" "))
                .map(Integer::valueOf)
                .toList();
    }

    /**
     * Starts a server JVM and waits until it listens.
     *
     * @param kind       which server
     * @param jvmOptions the JVM options, the same for both servers
     * @param classPath  the class path of this JVM
     * @param log        where the server's standard error goes
     * @return the running server
     * @throws IOException when it cannot start or does not report its port in time
     */
    static ServerProcess start(ServerKind kind, List<String> jvmOptions, String classPath, Path log)
            throws IOException {
        return start(kind, kind.label(), BenchServer.class, List.of(kind.id()), jvmOptions, classPath, log);
    }

    /**
     * Starts a JVM running {@code main} and waits until it reports itself ready.
     *
     * @param kind       the server it is, or null when it is no {@link BenchServer} (the cluster's services)
     * @param label      its name in logs and errors
     * @param main       the main class
     * @param arguments  the arguments of {@code main}
     * @param jvmOptions the JVM options
     * @param classPath  the class path
     * @param log        where its standard error goes
     * @return the running process
     * @throws IOException when it cannot start or does not report ready in time
     */
    static ServerProcess start(
            ServerKind kind,
            String label,
            Class<?> main,
            List<String> arguments,
            List<String> jvmOptions,
            String classPath,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(arguments);
        return start(kind, label, command, null, log);
    }

    /**
     * Starts any process that speaks the {@link BenchServer} line protocol (the Node.js ws peer) and waits until it
     * reports itself ready.
     *
     * @param kind      the server it is
     * @param label     its name in logs and errors
     * @param command   the command line
     * @param directory its working directory, or null for this process's
     * @param log       where its standard error goes
     * @return the running process
     * @throws IOException when it cannot start or does not report ready in time
     */
    static ServerProcess start(ServerKind kind, String label, List<String> command, Path directory, Path log)
            throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(directory == null ? null : directory.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            return new ServerProcess(kind, label, process, Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            String tail = "";
            try {
                List<String> lines = java.nio.file.Files.readAllLines(log);
                tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException unreadable) {
                // Only the path is reported then.
            }
            throw new IOException(label + " did not start; see " + log + "\n" + tail, e);
        }
    }

    /** The server it is; null for a process that is no {@link BenchServer}. */
    ServerKind kind() {
        return kind;
    }

    /**
     * Marks a Switchboard server started with {@code -Dswitchboard.metrics.enabled=false}: the scenarios then record
     * its figures in the metrics on/off comparison, not against the baseline.
     *
     * @return this
     */
    ServerProcess metricsOff() {
        metricsOff = true;
        return this;
    }

    /** Whether it runs with metrics off. */
    boolean isMetricsOff() {
        return metricsOff;
    }

    /**
     * Marks a second Switchboard server set up exactly as the first: the scenarios then record its figures in the
     * A/A comparison only, which shows how far two identical servers differ in one run.
     *
     * @return this
     */
    ServerProcess twin() {
        twin = true;
        return this;
    }

    /** Whether it is the A/A twin. */
    boolean isTwin() {
        return twin;
    }

    /** Its name in logs and errors. */
    String label() {
        return label;
    }

    /** The first number of its ready line: the port it serves on. */
    int port() {
        return ready.get(0);
    }

    /** The numbers of its ready line, the port first. */
    List<Integer> ready() {
        return ready;
    }

    long pid() {
        return process.pid();
    }

    /** Its process, for the CPU time it uses ({@link ServerMeter}). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Asks for the memory figures; the server runs a full GC first. */
    synchronized Stats stats() throws IOException {
        send("STATS");
        String line = await("BENCH STATS ", Duration.ofSeconds(60));
        long heap = 0;
        long rss = 0;
        long fds = 0;
        int threads = 0;
        for (String field : line.trim().split(" ")) {
            String[] pair = field.split("=", 2);
            switch (pair[0]) {
                case "heap" -> heap = Long.parseLong(pair[1]);
                case "rss" -> rss = Long.parseLong(pair[1]);
                case "fds" -> fds = Long.parseLong(pair[1]);
                case "threads" -> threads = Integer.parseInt(pair[1]);
                default -> {
                    // A field a later server version adds.
                }
            }
        }
        return new Stats(heap, rss, fds, threads);
    }

    /** The server's open file descriptors, without a GC: cheap enough to poll. */
    /**
     * The server's figures now, without a collection.
     *
     * @return heap now and after the last collections, RSS, descriptors, threads
     * @throws IOException when the server does not answer
     */
    synchronized Live live() throws IOException {
        send("LIVE");
        java.util.Map<String, Long> fields = new java.util.HashMap<>();
        for (String field : await("BENCH LIVE ", Duration.ofSeconds(30)).trim().split(" ")) {
            String[] pair = field.split("=", 2);
            fields.put(pair[0], Long.parseLong(pair[1]));
        }
        return new Live(
                fields.getOrDefault("heap", 0L),
                fields.getOrDefault("afterGc", 0L),
                fields.getOrDefault("rss", 0L),
                fields.getOrDefault("fds", 0L),
                fields.getOrDefault("threads", 0L).intValue());
    }

    synchronized long openFds() throws IOException {
        send("FDS");
        return Long.parseLong(await("BENCH FDS ", Duration.ofSeconds(30)).trim());
    }

    /**
     * Waits until the server holds at most {@code limit} descriptors, so a measurement does not start while the
     * previous round's connections are still being torn down.
     *
     * @return whether it got there before the timeout
     */
    boolean awaitOpenFdsAtMost(long limit, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (openFds() > limit) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        return true;
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private String await(String prefix, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                // Short polls, so a server that died is reported at once rather than at the deadline.
                String line = left <= 0 ? null : replies.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
                if (line == null && left > 0 && process.isAlive()) {
                    continue;
                }
                if (line == null) {
                    throw new IOException(label + " did not answer '" + prefix.trim() + "' within " + timeout
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    private void readReplies() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                replies.add(line);
            }
        } catch (IOException e) {
            // The process is gone; await() reports it.
        }
    }

    @Override
    public void close() {
        try {
            send("QUIT");
            commands.close();
        } catch (IOException e) {
            // Already exited.
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The first line a program prints when run with the given arguments (its version, say), or "unknown" when it
     * cannot be run or prints nothing.
     *
     * @param binary    the program, or null
     * @param arguments its arguments
     * @return the line, trimmed
     */
    static String firstLineOf(Path binary, String... arguments) {
        if (binary == null) {
            return "unknown";
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String first;
            try (java.io.BufferedReader out = process.inputReader(java.nio.charset.StandardCharsets.UTF_8)) {
                first = out.readLine();
                out.transferTo(java.io.Writer.nullWriter());
            }
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            return first == null ? "unknown" : first.trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
