package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the launcher's main in its own JVM, as `java -jar` does, and stops it with SIGTERM. */
class SigtermClosesWebSocketsAndExitsTest {

    @TempDir
    Path directory;

    @Test
    void sigtermClosesWebSocketsWith1001AndTheJvmExits() throws Exception {
        int port = freePort();
        Path log = directory.resolve("server.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dswitchboard.host=127.0.0.1",
                        SwitchboardLauncher.class.getName(),
                        "--port",
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            awaitHealthy(client, port, process, log);
            TestClient.Recorder recorder = TestClient.connect(client, URI.create("ws://127.0.0.1:" + port + "/"));
            process.destroy(); // SIGTERM

            assertThat(recorder.closeCode()).isEqualTo(1001);
            assertThat(process.waitFor(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("JVM exited; log:%n%s", Files.readString(log))
                    .isTrue();
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited because of the signal, not a crash.
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(Files.readString(log)).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitHealthy(HttpClient client, int port, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The child JVM is still starting; retry until the deadline.
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("Server did not become healthy; log:\n" + Files.readString(log));
            }
            // Polling the port is the only readiness signal a separate JVM gives; the wait is bounded above.
            process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
