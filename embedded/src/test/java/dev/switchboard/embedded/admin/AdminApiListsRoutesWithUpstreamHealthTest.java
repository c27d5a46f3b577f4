package dev.switchboard.embedded.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes the admin API lists carry their upstreams' health as the active checks find it. */
class AdminApiListsRoutesWithUpstreamHealthTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeadUpstreamIsReportedUnhealthyAndALiveOneHealthy() throws Exception {
        HttpServer live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        live.start();
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort(); // closed again: nothing listens there
        }
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        String liveUrl = "http://127.0.0.1:" + live.getAddress().getPort() + "/";
        String deadUrl = "http://127.0.0.1:" + dead + "/";
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/app/=" + liveUrl + "," + deadUrl + " health=/ health-interval=1s unhealthy-after=1")
                .build();
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            AdminClient admin = new AdminClient(http, server.port(), "root", "root-pw");
            JsonArray routes = Await.value(
                    "the dead upstream is taken out",
                    Duration.ofSeconds(15),
                    () -> admin.get("/routes").json().asJsonArray(),
                    list -> list.size() == 1
                            && !list.getJsonObject(0)
                                    .getJsonArray("upstreams")
                                    .getJsonObject(1)
                                    .getBoolean("healthy"));
            JsonObject route = routes.getJsonObject(0);
            assertThat(route.getString("prefix")).isEqualTo("/app/");
            assertThat(route.isNull("pattern")).isTrue();
            assertThat(route.getJsonArray("upstreams").getJsonObject(0).getString("url"))
                    .isEqualTo(liveUrl);
            assertThat(route.getJsonArray("upstreams").getJsonObject(0).getBoolean("healthy"))
                    .isTrue();
            assertThat(route.getJsonArray("upstreams").getJsonObject(1).getString("url"))
                    .isEqualTo(deadUrl);
        } finally {
            server.stop();
            live.stop(0);
        }
    }
}
