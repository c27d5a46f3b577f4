package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.ChildServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the launcher's main in its own JVM, as `java -jar` does, and stops it with SIGTERM. */
class SigtermClosesWebSocketsAndExitsTest {

    @TempDir
    Path directory;

    @Test
    void sigtermClosesWebSocketsWith1001AndTheJvmExits() throws Exception {
        ChildServer server = ChildServer.start(directory.resolve("server.log"));
        Process process = server.process();
        try (HttpClient client = HttpClient.newHttpClient()) {
            TestClient.Recorder recorder =
                    TestClient.connect(client, URI.create("ws://127.0.0.1:" + server.port() + "/"));
            process.destroy(); // SIGTERM

            assertThat(recorder.closeCode()).isEqualTo(1001);
            assertThat(process.waitFor(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("JVM exited; log:%n%s", server.log())
                    .isTrue();
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited because of the signal, not a crash.
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(server.log()).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }
}
