package dev.switchboard.embedded.logs;

import static dev.switchboard.embedded.logs.WireLogFiles.awaitLine;
import static dev.switchboard.embedded.logs.WireLogFiles.jmx;
import static dev.switchboard.embedded.logs.WireLogFiles.lines;
import static dev.switchboard.embedded.logs.WireLogFiles.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the wire log off, the {@code dev.switchboard:type=WireLog} MBean switches it on for one connection by id and
 * off again; other connections are never logged, and an unknown id is refused.
 */
class WireLogIsSwitchedPerConnectionThroughJmxTest {

    private static final String SGC = "esegece.com";
    private static final String[] ID = {String.class.getName()};

    @TempDir
    Path dir;

    private static String publish(TestClient.Recorder socket, String text, String id) throws Exception {
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"jmx\",\"message\":\""
                + text + "\"},\"id\":\"" + id + "\"}");
        // The acknowledgment comes after the frame went through the transport, and so past the wire log's tap.
        return socket.nextContaining("\"id\":\"" + id + "\"");
    }

    @Test
    void oneConnectionIsLoggedBetweenEnableAndDisable() throws Exception {
        Path wireLog = dir.resolve("wire.log");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString())
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder watched = AuthClient.connect(client, AuthClient.ws(server, "/"), SGC, Map.of());
                TestClient.Recorder other = AuthClient.connect(client, AuthClient.ws(server, "/"), SGC, Map.of())) {
            String watchedId = AuthClient.field(watched.nextContaining("sgc@session"), "message");
            String otherId = AuthClient.field(other.nextContaining("sgc@session"), "message");

            assertThat(jmx().getAttribute(name(), "Enabled")).isEqualTo(false);
            assertThat((String[]) jmx().getAttribute(name(), "Connections")).isEmpty();
            assertThat(jmx().invoke(name(), "enable", new Object[] {"no-such-connection"}, ID))
                    .isEqualTo(false);

            publish(watched, "before-enable", "w0");
            assertThat(jmx().invoke(name(), "enable", new Object[] {watchedId}, ID))
                    .isEqualTo(true);
            assertThat((String[]) jmx().getAttribute(name(), "Connections")).containsExactly(watchedId);

            publish(other, "from-the-other", "o1");
            publish(watched, "while-enabled", "w1");
            awaitLine(wireLog, watchedId, " in websocket text ", "while-enabled");

            assertThat(jmx().invoke(name(), "disable", new Object[] {watchedId}, ID))
                    .isEqualTo(true);
            assertThat((String[]) jmx().getAttribute(name(), "Connections")).isEmpty();
            publish(watched, "after-disable", "w2");
            // A frame of the other connection, logged after that one went through, shows the file is up to date.
            assertThat(jmx().invoke(name(), "enable", new Object[] {otherId}, ID))
                    .isEqualTo(true);
            publish(other, "other-enabled", "o2");
            awaitLine(wireLog, otherId, " in websocket text ", "other-enabled");

            String file = String.join("\n", lines(wireLog));
            assertThat(file)
                    .doesNotContain("before-enable")
                    .doesNotContain("from-the-other")
                    .doesNotContain("after-disable");
        } finally {
            server.stop();
        }
    }
}
