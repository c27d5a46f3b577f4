package dev.switchboard.client;

import dev.switchboard.client.testing.Await;
import dev.switchboard.embedded.SwitchboardLauncher;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded server's launcher in a child JVM on 127.0.0.1, for what needs a server of its own process: two
 * Switchboard servers in one JVM share their CDI container's state, so a drain of one would be seen by the other.
 */
final class ChildServer implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the launcher with system properties ({@code -Dkey=value}) and waits until its port accepts. */
    static ChildServer start(String... properties) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("switchboard-child-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(properties));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "-Dswitchboard.host=127.0.0.1",
                SwitchboardLauncher.class.getName(),
                "--port",
                String.valueOf(port)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ChildServer server = new ChildServer(process, port, log);
        try {
            Await.until("the child JVM's server to listen", START, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "the child JVM exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return Files.readString(log).contains("Switchboard started");
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /** Sends SIGTERM: the launcher drains, then stops. */
    void terminate() {
        process.destroy();
    }

    /** Whether the child has exited. */
    boolean exited() {
        return !process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
