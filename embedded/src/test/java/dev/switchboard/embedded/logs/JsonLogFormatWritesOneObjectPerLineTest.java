package dev.switchboard.embedded.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.ChildServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code switchboard.log.format=json} the embedded server writes every log line, Jetty's and Switchboard's, as
 * one JSON object: time, level, logger, thread, message, the connection id of a line about a connection, and the
 * exception's stack as one string.
 */
class JsonLogFormatWritesOneObjectPerLineTest {

    @TempDir
    Path dir;

    private static JsonObject parse(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("Not a JSON object: " + line, e);
        }
    }

    @Test
    void everyLineParsesAndAFailedHandlerNamesItsConnection() throws Exception {
        Path log = dir.resolve("child.log");
        try (ChildServer child = ChildServer.start(log, JsonLogNodeMain.class, "-Dswitchboard.log.format=json");
                HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("ws://127.0.0.1:" + child.port() + "/");
            String id;
            try (TestClient.Recorder socket = AuthClient.connect(client, uri, FailingProbeProtocol.NAME, Map.of())) {
                socket.send("fail");
                assertThat(socket.closeCode()).isEqualTo(1011);
            }
            JsonObject failure = Await.value(
                            "the handler failure in the log",
                            () -> child.log()
                                    .lines()
                                    .filter(line -> line.contains("failed on"))
                                    .map(JsonLogFormatWritesOneObjectPerLineTest::parse)
                                    .findFirst(),
                            found -> found.isPresent())
                    .orElseThrow();
            assertThat(failure.getString("level")).isEqualTo("ERROR");
            assertThat(failure.getString("logger")).startsWith("dev.switchboard.websocket");
            assertThat(failure.getString("thread")).isNotEmpty();
            assertThat(failure.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            id = failure.getString("connectionId");
            assertThat(failure.getString("message")).contains("connection " + id);
            assertThat(failure.getString("exception"))
                    .startsWith("java.lang.IllegalStateException: the probe failed \"on purpose\"\nsecond line")
                    .contains("at dev.switchboard.embedded.logs.FailingProbeProtocol.onText");

            List<String> lines =
                    child.log().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(3);
            for (String line : lines) {
                JsonObject object = parse(line);
                assertThat(object.keySet()).contains("time", "level", "logger", "thread", "message");
            }
            assertThat(lines)
                    .anySatisfy(
                            line -> assertThat(parse(line).getString("logger")).startsWith("org.eclipse.jetty"));
        }
    }
}
