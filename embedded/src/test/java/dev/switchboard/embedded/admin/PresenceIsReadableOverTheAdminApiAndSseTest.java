package dev.switchboard.embedded.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A presence channel's membership is readable by operators through {@code GET /admin/api/presence} and
 * {@code GET /admin/api/presence/{channel}}, and by SSE clients as JSON publications on {@code presence/NAME}.
 */
class PresenceIsReadableOverTheAdminApiAndSseTest {

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static HttpClient http;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
        http = HttpClient.newHttpClient();
        admin = new AdminClient(http, server.port(), "root", "root-pw");
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Connects, registers and joins; returns the member id once the join came back. */
    private static String member(TestClient.Recorder ws, String name, String channel) throws Exception {
        String id = parse(ws.nextText()).getJsonObject("message").getString("text");
        ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@member@new\",\"member\":{\"id\":\"" + id
                + "\",\"name\":\"" + name + "\",\"info\":\"" + name + "@example.com\"}}");
        ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@channel@member@new\",\"member\":{\"id\":\"" + id
                + "\"},\"channel\":{\"name\":\"" + channel + "\"}}");
        ws.nextContaining("\"sgc@presence@channel@member@new\",\"member\":{\"id\":\"" + id);
        return id;
    }

    @Test
    void theAdminApiListsPresenceChannelsAndTheirMembersAndSseSeesJoinsAndLeaves() throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/");
        URI stream = URI.create("http://127.0.0.1:" + server.port() + "/sse?channel=presence%2Flobby");
        try (SseClient sse = SseClient.open(http, stream, Map.of());
                TestClient.Recorder ann = TestClient.connect(http, ws, Map.of(), "presence.esegece.com");
                TestClient.Recorder bob = TestClient.connect(http, ws, Map.of(), "presence.esegece.com");
                TestClient.Recorder cy = TestClient.connect(http, ws, Map.of(), "presence.esegece.com")) {
            assertThat(sse.next().type()).isEqualTo("connection");

            String annId = member(ann, "Ann", "lobby");
            String bobId = member(bob, "Bob", "lobby");
            member(cy, "Cy", "other");

            JsonObject annJoined = parse(sse.next().data());
            assertThat(annJoined.getString("event")).isEqualTo("join");
            assertThat(annJoined.getString("channel")).isEqualTo("lobby");
            assertThat(annJoined.getJsonObject("member").getString("id")).isEqualTo(annId);
            assertThat(annJoined.getJsonObject("member").getString("name")).isEqualTo("Ann");
            assertThat(annJoined.getInt("members")).isEqualTo(1);
            assertThat(parse(sse.next().data()).getInt("members")).isEqualTo(2);

            JsonObject page = admin.get("/presence").json().asJsonObject();
            assertThat(page.getInt("total")).isEqualTo(2);
            assertThat(page.getInt("members")).isEqualTo(3);
            assertThat(page.getJsonArray("items").getValuesAs(JsonObject.class))
                    .extracting(item -> item.getString("name") + "=" + item.getInt("members"))
                    .containsExactly("lobby=2", "other=1");

            JsonObject lobby = admin.get("/presence/lobby").json().asJsonObject();
            assertThat(lobby.getString("name")).isEqualTo("lobby");
            assertThat(lobby.getJsonArray("members").getValuesAs(JsonObject.class))
                    .extracting(m -> m.getString("id") + " " + m.getString("name") + " " + m.getString("info"))
                    .containsExactly(annId + " Ann Ann@example.com", bobId + " Bob Bob@example.com");

            assertThat(admin.get("/presence/nobody-here").status()).isEqualTo(404);

            bob.close();
            JsonObject bobLeft = parse(sse.next().data());
            assertThat(bobLeft.getString("event")).isEqualTo("leave");
            assertThat(bobLeft.getJsonObject("member").getString("id")).isEqualTo(bobId);
            assertThat(bobLeft.getInt("members")).isEqualTo(1);
            Await.until(
                    "the admin API no longer lists bob",
                    () -> admin.get("/presence/lobby")
                                    .json()
                                    .asJsonObject()
                                    .getJsonArray("members")
                                    .size()
                            == 1);
        }
    }

    @Test
    void noClientMayForgeAPresenceChange() throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/");
        try (TestClient.Recorder sgc = TestClient.connect(http, ws, Map.of(), "esegece.com")) {
            sgc.nextContaining("sgc@session");
            for (String channel : List.of("presence/lobby", "Presence/lobby", "news,presence/lobby", "presence/*")) {
                sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                        + "\",\"message\":\"{\\\"event\\\":\\\"join\\\"}\"},\"id\":\"p\"}");
                String refusal = sgc.nextContaining("\"error\"");
                assertThat(refusal).as(channel).contains("-32003");
            }
        }
    }
}
