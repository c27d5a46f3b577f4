package dev.switchboard.embedded.testing;

import dev.switchboard.embedded.SwitchboardLauncher;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher run in a child JVM on 127.0.0.1 and a free port, with the test's class path and its output in a log
 * file: for what only a separate process shows (signals, a small heap, the launcher's own settings).
 */
public final class ChildServer implements AutoCloseable {

    /** A cold JVM start with Weld and Jetty on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the launcher and waits until it answers {@code /health}.
     *
     * @param log        where the child's output goes
     * @param jvmOptions options and system properties for the child JVM, before the main class
     */
    public static ChildServer start(Path log, String... jvmOptions) throws IOException {
        return start(log, SwitchboardLauncher.class, jvmOptions);
    }

    /**
     * Starts a main class that runs the launcher's way (reading {@code --port}), and waits until it answers
     * {@code /health}.
     *
     * @param log        where the child's output goes
     * @param main       the main class, on the test's class path
     * @param jvmOptions options and system properties for the child JVM, before the main class
     */
    public static ChildServer start(Path log, Class<?> main, String... jvmOptions) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "-Dswitchboard.host=127.0.0.1",
                main.getName(),
                "--port",
                String.valueOf(port)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ChildServer server = new ChildServer(process, port, log);
        try {
            server.awaitHealthy();
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** What the child has written so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops the child with SIGTERM and waits for it to exit. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitHealthy() {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            Await.until("the child JVM's server to answer /health", START, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("The child JVM exited with " + process.exitValue());
                }
                try {
                    return client.send(health, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException notYetListening) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + readLog(), e);
        }
    }

    private String readLog() {
        try {
            return log();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
