package dev.switchboard.embedded.logs;

import static dev.switchboard.embedded.logs.WireLogFiles.awaitLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire log never grows past its size cap: at the cap the file becomes {@code .1}, {@code .1} becomes {@code .2},
 * and the oldest beyond {@code max-files} is deleted.
 */
class WireLogRotatesAtItsSizeCapTest {

    @TempDir
    Path dir;

    @Test
    void filesAreRotatedAtTheCapAndOnlyMaxFilesAreKept() throws Exception {
        Path wireLog = dir.resolve("wire.log");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(EchoProbeProtocol.class)
                .environmentEntry(ConfigKeys.WIRELOG_ENABLED, "true")
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString())
                .environmentEntry(ConfigKeys.WIRELOG_MAX_SIZE, "1024")
                .environmentEntry(ConfigKeys.WIRELOG_MAX_FILES, "2")
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder socket =
                        AuthClient.connect(client, AuthClient.ws(server, "/"), EchoProbeProtocol.NAME, Map.of())) {
            String filler = "x".repeat(100);
            for (int i = 0; i < 40; i++) {
                socket.send("message-" + i + " " + filler);
                assertThat(socket.nextText()).startsWith("echo message-" + i + " ");
            }
            awaitLine(wireLog, " out websocket text ", "echo message-39 ");

            assertThat(WireLogFiles.lines(dir.resolve("wire.log.1"))).isNotEmpty();
            assertThat(WireLogFiles.lines(dir.resolve("wire.log.2"))).isNotEmpty();
            assertThat(dir.resolve("wire.log.3")).doesNotExist();
            for (String name : new String[] {"wire.log", "wire.log.1", "wire.log.2"}) {
                assertThat(Files.size(dir.resolve(name))).as(name).isLessThanOrEqualTo(1024);
            }
            // The oldest frames went with the deleted files; the newest are in the current file.
            assertThat(String.join("\n", WireLogFiles.lines(dir.resolve("wire.log.2"))))
                    .doesNotContain("message-0 ");
        } finally {
            server.stop();
        }
    }
}
