package dev.switchboard.embedded.logs;

import static dev.switchboard.embedded.logs.WireLogFiles.jmx;
import static dev.switchboard.embedded.logs.WireLogFiles.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.sse.SseClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without any wire log setting, WebSocket and SSE traffic writes no wire log file and the MBean reports it off. */
class WireLogIsOffByDefaultTest {

    @TempDir
    Path dir;

    @Test
    void trafficWritesNoFile() throws Exception {
        Path wireLog = dir.resolve("wire.log");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(EchoProbeProtocol.class)
                // Only where the file would go: nothing switches the log on.
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString())
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            try (TestClient.Recorder socket =
                    AuthClient.connect(client, AuthClient.ws(server, "/"), EchoProbeProtocol.NAME, Map.of())) {
                socket.send("quiet");
                assertThat(socket.nextText()).isEqualTo("echo quiet");
            }
            try (SseClient stream = SseClient.open(
                    client, AuthClient.http(server, "/sse?subprotocol=" + EchoProbeProtocol.NAME), Map.of())) {
                String id = stream.next("connection").data();
                AuthClient.post(
                        client, AuthClient.http(server, "/sse/send/" + id), "text/plain", "quiet too", Map.of());
                assertThat(stream.next("message").data()).isEqualTo("echo quiet too");
            }
            assertThat(jmx().getAttribute(name(), "Enabled")).isEqualTo(false);
            assertThat((String[]) jmx().getAttribute(name(), "Connections")).isEmpty();
            assertThat(wireLog).doesNotExist();
        } finally {
            server.stop();
        }
    }
}
