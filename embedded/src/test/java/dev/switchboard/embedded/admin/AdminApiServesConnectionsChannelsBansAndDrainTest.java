package dev.switchboard.embedded.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the admin API against a real server, real WebSocket clients and a users-file administrator. */
class AdminApiServesConnectionsChannelsBansAndDrainTest {

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static HttpClient http;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.DRAIN_WAIT, "45")
                .mqttTcpPort(0)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
        admin = new AdminClient(http, server.port(), "root", "root-pw");
    }

    /** Connections an earlier test dropped may still be closing on the server; each test starts with none. */
    @BeforeEach
    void noConnectionsLeft() {
        Await.until(
                "no connection is left from an earlier test",
                () -> admin.get("/connections").json().asJsonObject().getInt("total") == 0);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    private static TestClient.Recorder alice() throws Exception {
        return TestClient.connect(http, ws(), BasicAuth.basic("alice", "alice-pw"), "esegece.com");
    }

    private static String subscribe(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"s\"}";
    }

    private static JsonObject onlyItem(String query) throws Exception {
        JsonObject page = admin.get("/connections" + query).json().asJsonObject();
        assertThat(page.getInt("total")).as(query).isEqualTo(1);
        return page.getJsonArray("items").getJsonObject(0);
    }

    @Test
    void statsCountConnectionsByTransportAndTrafficSinceTheStart() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("stats-room"));
            client.nextContaining("sgc@subscribe");
            AdminClient.Answer answer = admin.get("/stats");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(answer.response().headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonObject stats = answer.json().asJsonObject();
            assertThat(stats.getString("node")).isNotBlank();
            assertThat(stats.getBoolean("draining")).isFalse();
            assertThat(stats.getJsonObject("connections").getInt("websocket")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getJsonObject("connections").getInt("total"))
                    .isEqualTo(stats.getJsonObject("connections").getInt("websocket")
                            + stats.getJsonObject("connections").getInt("sse"));
            assertThat(stats.getInt("channels")).isGreaterThanOrEqualTo(1);
            assertThat(stats.getJsonObject("messages").getJsonNumber("received").longValue())
                    .isGreaterThanOrEqualTo(1);
            assertThat(stats.getJsonObject("bytes").getJsonNumber("sent").longValue())
                    .isGreaterThan(0);
        }
    }

    @Test
    void connectionsAreListedFilteredPagedAndFoundById() throws Exception {
        try (TestClient.Recorder first = alice();
                TestClient.Recorder second = alice();
                TestClient.Recorder anonymous = TestClient.connect(http, ws(), java.util.Map.of(), "esegece.com")) {
            first.send(subscribe("paging-room"));
            first.nextContaining("sgc@subscribe");

            JsonObject item = onlyItem("?channel=paging-room");
            assertThat(item.getString("user")).isEqualTo("alice");
            assertThat(item.getString("address")).isEqualTo("127.0.0.1");
            assertThat(item.getString("transport")).isEqualTo("websocket");
            assertThat(item.getString("subprotocol")).isEqualTo("esegece.com");
            assertThat(item.getJsonArray("channels").getString(0)).isEqualTo("paging-room");
            assertThat(item.getJsonNumber("messagesIn").longValue()).isEqualTo(1);
            String id = item.getString("id");

            JsonObject one = admin.get("/connections/" + id).json().asJsonObject();
            assertThat(one.getString("id")).isEqualTo(id);
            assertThat(one.get("openedAt").toString()).contains("T");
            assertThat(onlyItem("?q=" + id.substring(3, 15)).getString("id")).isEqualTo(id);

            JsonObject alices = admin.get("/connections?user=alice&transport=websocket&subprotocol=esegece.com")
                    .json()
                    .asJsonObject();
            assertThat(alices.getInt("total")).isEqualTo(2);
            JsonObject firstPage =
                    admin.get("/connections?user=alice&limit=1").json().asJsonObject();
            JsonObject secondPage =
                    admin.get("/connections?user=alice&limit=1&offset=1").json().asJsonObject();
            assertThat(firstPage.getInt("total")).isEqualTo(2);
            assertThat(firstPage.getInt("limit")).isEqualTo(1);
            assertThat(secondPage.getInt("offset")).isEqualTo(1);
            assertThat(firstPage.getJsonArray("items").getJsonObject(0).getString("id"))
                    .isNotEqualTo(
                            secondPage.getJsonArray("items").getJsonObject(0).getString("id"));
            assertThat(List.of(
                            firstPage.getJsonArray("items").getJsonObject(0).getString("openedAt"),
                            secondPage.getJsonArray("items").getJsonObject(0).getString("openedAt")))
                    .isSorted();

            JsonArray all =
                    admin.get("/connections?limit=500").json().asJsonObject().getJsonArray("items");
            assertThat(all.stream().map(v -> v.asJsonObject().get("user").toString()))
                    .as("an anonymous connection has user null")
                    .contains("null");
            assertThat(admin.get("/connections?transport=sse")
                            .json()
                            .asJsonObject()
                            .getInt("total"))
                    .isZero();
        }
    }

    @Test
    void anSseStreamIsListedAsTransportSse() throws Exception {
        try (dev.switchboard.embedded.sse.SseClient stream = dev.switchboard.embedded.sse.SseClient.open(
                http, URI.create("http://127.0.0.1:" + server.port() + "/sse"), BasicAuth.basic("alice", "alice-pw"))) {
            JsonObject item = Await.value(
                            "the stream is listed",
                            () -> admin.get("/connections?transport=sse").json().asJsonObject(),
                            page -> page.getInt("total") == 1)
                    .getJsonArray("items")
                    .getJsonObject(0);
            assertThat(item.getString("transport")).isEqualTo("sse");
            assertThat(item.getString("user")).isEqualTo("alice");
            assertThat(admin.get("/stats")
                            .json()
                            .asJsonObject()
                            .getJsonObject("connections")
                            .getInt("sse"))
                    .isEqualTo(1);
        }
    }

    @Test
    void anMqttClientOverPlainTcpIsListedAndCountedAsTransportTcp() throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", server.mqttTcpPort().orElseThrow())) {
            // MQTT 3.1.1 CONNECT, clean session, keep-alive 60, client id "adm"; then its CONNACK.
            socket.getOutputStream()
                    .write(new byte[] {0x10, 0x0F, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 3, 'a', 'd', 'm'});
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().readNBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x00);
            JsonObject item = Await.value(
                            "the TCP client is listed",
                            () -> admin.get("/connections?transport=tcp").json().asJsonObject(),
                            page -> page.getInt("total") == 1)
                    .getJsonArray("items")
                    .getJsonObject(0);
            assertThat(item.getString("transport")).isEqualTo("tcp");
            assertThat(item.getString("subprotocol")).isEqualTo("mqtt");
            JsonObject connections = admin.get("/stats").json().asJsonObject().getJsonObject("connections");
            assertThat(connections.getInt("tcp")).isEqualTo(1);
            assertThat(connections.getInt("sse")).isZero();
            assertThat(connections.getInt("total"))
                    .isEqualTo(connections.getInt("websocket") + connections.getInt("sse") + connections.getInt("tcp"));
        }
    }

    @Test
    void unknownConnectionsAndRoutesAre404() throws Exception {
        AdminClient.Answer missing = admin.get("/connections/no-such-id");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().asJsonObject().getString("error")).isEqualTo("not-found");
        assertThat(admin.post("/connections/no-such-id/close", "{}").status()).isEqualTo(404);
        assertThat(admin.post("/connections/no-such-id/messages", "{\"text\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/nothing-here").status()).isEqualTo(404);
        assertThat(admin.delete("/bans/203.0.113.77").status()).isEqualTo(404);
    }

    @Test
    void closingAConnectionSendsTheCodeAndReasonToTheClient() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("close-room"));
            client.nextContaining("sgc@subscribe");
            String id = onlyItem("?channel=close-room").getString("id");
            AdminClient.Answer closed =
                    admin.post("/connections/" + id + "/close", "{\"code\":4100,\"reason\":\"maintenance\"}");
            assertThat(closed.status()).isEqualTo(204);
            assertThat(client.closeCode()).isEqualTo(4100);
            assertThat(client.closeReason.get()).isEqualTo("maintenance");
            Await.until(
                    "the closed connection leaves the list",
                    () -> admin.get("/connections/" + id).status() == 404);
        }
    }

    @Test
    void abortingAConnectionEndsItWithoutACloseFrame() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("abort-room"));
            client.nextContaining("sgc@subscribe");
            String id = onlyItem("?channel=abort-room").getString("id");
            assertThat(admin.post("/connections/" + id + "/abort", "{}").status())
                    .isEqualTo(204);
            // No close frame: the JDK client reports an error or an abnormal closure (1006), never a sent code.
            Await.until("the client saw the end", () -> !client.isOpen());
            try {
                assertThat(client.closeCode()).isEqualTo(1006);
            } catch (java.util.concurrent.ExecutionException e) {
                // The JDK client may report the cut as an error instead: equally, no close frame arrived.
            }
            Await.until(
                    "the aborted connection leaves the list",
                    () -> admin.get("/connections/" + id).status() == 404);
            assertThat(admin.post("/connections/" + id + "/abort", "{}").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void drainingAConnectionSendsWhatIsQueuedThenClosesWith4001() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("drain-room"));
            client.nextContaining("sgc@subscribe");
            String id = onlyItem("?channel=drain-room").getString("id");
            for (int i = 0; i < 3; i++) {
                assertThat(admin.post("/connections/" + id + "/messages", "{\"text\":\"queued " + i + "\"}")
                                .status())
                        .isEqualTo(202);
            }
            assertThat(admin.post("/connections/" + id + "/drain", "{\"seconds\":30}")
                            .status())
                    .isEqualTo(202);
            for (int i = 0; i < 3; i++) {
                assertThat(client.nextContaining("queued")).isEqualTo("queued " + i);
            }
            assertThat(client.closeCode()).isEqualTo(4001);
            assertThat(client.closeReason.get()).isEqualTo("drained");
            assertThat(admin.post("/connections/no-such-id/drain", "{}").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void closingAUsersConnectionsClosesEveryOneOfThem() throws Exception {
        try (TestClient.Recorder one = alice();
                TestClient.Recorder two = alice()) {
            // A subscription answered proves the server has opened the connection, not only the client.
            for (TestClient.Recorder client : List.of(one, two)) {
                client.send(subscribe("close-user-room"));
                client.nextContaining("sgc@subscribe");
            }
            AdminClient.Answer answer = admin.post("/users/alice/close", "{\"code\":1008}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().asJsonObject().getInt("closed")).isEqualTo(2);
            assertThat(one.closeCode()).isEqualTo(1008);
            assertThat(two.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void aMessageSentToAConnectionReachesItsClient() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("message-room"));
            client.nextContaining("sgc@subscribe");
            String id = onlyItem("?channel=message-room").getString("id");
            assertThat(admin.post("/connections/" + id + "/messages", "{\"text\":\"hello from the operator\"}")
                            .status())
                    .isEqualTo(202);
            assertThat(client.nextContaining("hello from the operator")).isNotNull();
        }
    }

    @Test
    void aPublicationReachesASubscriberAndTheChannelIsListedWithItsHistory() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("news.admin"));
            client.nextContaining("sgc@subscribe");
            AdminClient.Answer published =
                    admin.post("/channels/news.admin/publications", "{\"message\":\"extra edition\"}");
            assertThat(published.status()).isEqualTo(202);
            assertThat(published.json().asJsonObject().getString("channel")).isEqualTo("news.admin");
            assertThat(client.nextContaining("extra edition")).contains("news.admin");

            JsonObject page = admin.get("/channels?prefix=news.").json().asJsonObject();
            assertThat(page.getInt("total")).isEqualTo(1);
            JsonObject channel = page.getJsonArray("items").getJsonObject(0);
            assertThat(channel.getString("name")).isEqualTo("news.admin");
            assertThat(channel.getInt("subscribers")).isEqualTo(1);
            assertThat(channel.getJsonObject("history").getInt("size")).isEqualTo(1);
            assertThat(admin.get("/channels?prefix=nothing-")
                            .json()
                            .asJsonObject()
                            .getInt("total"))
                    .isZero();
        }
    }

    @Test
    void bansAreAddedListedAndRemoved() throws Exception {
        AdminClient.Answer added =
                admin.post("/bans", "{\"address\":\"203.0.113.9\",\"seconds\":600,\"reason\":\"scanner\"}");
        assertThat(added.status()).isEqualTo(201);
        JsonObject ban = added.json().asJsonObject();
        assertThat(ban.getString("address")).isEqualTo("203.0.113.9");
        assertThat(ban.getString("reason")).isEqualTo("scanner");
        assertThat(ban.getString("until")).isNotBlank();
        AdminClient.Answer permanent = admin.post("/bans", "{\"address\":\"203.0.113.10\"}");
        assertThat(permanent.json().asJsonObject().isNull("until")).isTrue();

        JsonArray bans = admin.get("/bans").json().asJsonArray();
        assertThat(bans.stream().map(v -> v.asJsonObject().getString("address")))
                .contains("203.0.113.9", "203.0.113.10");
        assertThat(admin.delete("/bans/203.0.113.9").status()).isEqualTo(204);
        assertThat(admin.delete("/bans/203.0.113.10").status()).isEqualTo(204);
        assertThat(admin.get("/bans").json().asJsonArray().stream()
                        .map(v -> v.asJsonObject().getString("address")))
                .doesNotContain("203.0.113.9", "203.0.113.10");
    }

    @Test
    void routesAreEmptyWithoutForwarding() throws Exception {
        AdminClient.Answer routes = admin.get("/routes");
        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.json().asJsonArray()).isEmpty();
    }

    @Test
    void aDrainIsStartedReportedAndCancelled() throws Exception {
        JsonObject serving = admin.get("/drain").json().asJsonObject();
        assertThat(serving.getBoolean("draining")).isFalse();
        assertThat(serving.isNull("startedBy")).isTrue();

        AdminClient.Answer started = admin.post("/drain", "");
        assertThat(started.status()).isEqualTo(202);
        JsonObject status = started.json().asJsonObject();
        assertThat(status.getBoolean("draining")).isTrue();
        assertThat(status.getString("startedBy")).isEqualTo("root");
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(status.getString("since")),
                        java.time.Instant.parse(status.getString("deadline"))))
                .as("the configured switchboard.drain.wait")
                .hasSeconds(45);
        assertThat(admin.post("/drain", "{\"seconds\":5}").status()).isEqualTo(409);
        assertThat(admin.get("/stats").json().asJsonObject().getBoolean("draining"))
                .isTrue();

        assertThat(admin.delete("/drain").status()).isEqualTo(204);
        assertThat(admin.delete("/drain").status()).isEqualTo(409);
        assertThat(admin.get("/drain").json().asJsonObject().getBoolean("draining"))
                .isFalse();
    }

    @Test
    void badInputsAreRefusedWith400AndAJsonError() throws Exception {
        try (TestClient.Recorder client = alice()) {
            client.send(subscribe("bad-input-room"));
            client.nextContaining("sgc@subscribe");
            String id = onlyItem("?channel=bad-input-room").getString("id");
            for (String body : List.of(
                    "{\"code\":1005}",
                    "{\"code\":3000}",
                    "{\"code\":\"1000\"}",
                    "{\"code\":1000.5}",
                    "{\"reason\":\"" + "é".repeat(62) + "\"}",
                    "{\"cod\":1000}",
                    "[1000]",
                    "{not json")) {
                AdminClient.Answer answer = admin.post("/connections/" + id + "/close", body);
                assertThat(answer.status()).as(body).isEqualTo(400);
                assertThat(answer.json().asJsonObject().getString("message")).isNotBlank();
            }
            assertThat(client.isOpen()).as("no bad request closed it").isTrue();
        }
        assertThat(admin.get("/connections?limit=501").status()).isEqualTo(400);
        assertThat(admin.get("/connections?limit=0").status()).isEqualTo(400);
        assertThat(admin.get("/connections?offset=-1").status()).isEqualTo(400);
        assertThat(admin.get("/connections?limit=ten").status()).isEqualTo(400);
        assertThat(admin.get("/connections?transport=smoke").status()).isEqualTo(400);
        assertThat(admin.get("/connections?q=" + "x".repeat(300)).status()).isEqualTo(400);
        assertThat(admin.post("/bans", "{\"address\":\"not-an-address\"}").status())
                .isEqualTo(400);
        assertThat(admin.post("/bans", "{\"address\":\"203.0.113.11\",\"seconds\":-5}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.post("/drain", "{\"seconds\":\"soon\"}").status()).isEqualTo(400);
        assertThat(admin.post("/channels/x/publications", "{}").status()).isEqualTo(400);

        AdminClient.Answer notJson = admin.send(
                "POST",
                "/bans",
                "address=203.0.113.12",
                java.util.Map.of("X-Switchboard-Admin", "1", "Content-Type", "text/plain"));
        assertThat(notJson.status()).isEqualTo(415);
        AdminClient.Answer tooLarge =
                admin.post("/connections/x/messages", "{\"text\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    @Test
    void theOpenApiDocumentIsServed() throws Exception {
        AdminClient.Answer document = admin.get("/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        JsonObject openApi = document.json().asJsonObject();
        assertThat(openApi.getString("openapi")).startsWith("3.0");
        assertThat(openApi.getJsonObject("paths")).containsKey("/connections/{id}/close");
    }
}
