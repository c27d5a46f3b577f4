package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.ChildServer;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the launcher's JVM drains first: the sgc client is told to leave, the node is not ready and refuses new
 * handshakes, and the client that stays is closed with 1001 before the JVM exits.
 */
class SigtermDrainsBeforeTheServerStopsTest {

    @TempDir
    Path directory;

    @Test
    void sigtermTellsClientsRefusesNewOnesAndThenClosesWith1001() throws Exception {
        ChildServer server = ChildServer.start(directory.resolve("server.log"), "-Dswitchboard.drain.retry-after=2");
        Process process = server.process();
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/");
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            TestClient.Recorder sgc = TestClient.connect(client, ws, Map.of(), "esegece.com");
            sgc.nextContaining("sgc@session");

            process.destroy(); // SIGTERM

            assertThat(sgc.nextContaining("sgc@drain")).contains("\"retryAfter\":2");
            HttpResponse<String> ready = RunningNode.get(
                    client, URI.create("http://127.0.0.1:" + server.port() + "/health/ready"), Map.of());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"name\":\"drain\",\"status\":\"DOWN\"");
            assertThatThrownBy(() -> TestClient.connect(client, ws, Map.of(), "esegece.com"))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            refused -> assertThat(refused.getResponse().statusCode())
                                    .isEqualTo(503));

            assertThat(sgc.closeCode()).isEqualTo(1001);
            assertThat(process.waitFor(TestClient.DEADLINE.toSeconds() * 2, TimeUnit.SECONDS))
                    .as("JVM exited; log:%n%s", server.log())
                    .isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(server.log()).contains("Draining, started by signal").doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }
}
