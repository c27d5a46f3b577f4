package dev.switchboard.embedded.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's guards: credentials, the role, the cross-site header and origin, the address list, the path. */
class AdminApiRefusesCallersWithoutRoleOrCrossSiteDefenceTest {

    @TempDir
    Path dataDir;

    private SwitchboardServer start(Map<String, String> settings) throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        UsersFile.addOrUpdate(users, "guest", PasswordHashes.hash("guest-pw".toCharArray(), 1_000), List.of());
        dev.switchboard.embedded.SwitchboardServerBuilder builder = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString());
        settings.forEach(builder::environmentEntry);
        SwitchboardServer server = builder.build();
        server.start();
        return server;
    }

    @Test
    void callersNeedCredentialsTheRoleAndOnChangesTheHeaderAndTheSameOrigin() throws Exception {
        SwitchboardServer server = start(Map.of());
        try (HttpClient http = HttpClient.newHttpClient()) {
            int port = server.port();
            AdminClient.Answer anonymous = new AdminClient(http, port, null, null).get("/stats");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.response().headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm=\"switchboard\""));
            assertThat(anonymous.json().asJsonObject().getString("error")).isEqualTo("unauthenticated");

            AdminClient.Answer guest = new AdminClient(http, port, "guest", "guest-pw").get("/stats");
            assertThat(guest.status()).isEqualTo(403);
            assertThat(guest.json().asJsonObject().getString("message")).contains("role admin");

            AdminClient root = new AdminClient(http, port, "root", "root-pw");
            assertThat(root.get("/stats").status()).isEqualTo(200);
            AdminClient.Answer noHeader = root.send("POST", "/drain", "{}", Map.of());
            assertThat(noHeader.status()).isEqualTo(403);
            assertThat(noHeader.json().asJsonObject().getString("error")).isEqualTo("cross-site");
            assertThat(root.send(
                                    "DELETE",
                                    "/bans/203.0.113.1",
                                    null,
                                    Map.of("X-Switchboard-Admin", "1", "Origin", "https://evil.example"))
                            .status())
                    .isEqualTo(403);
            assertThat(root.send(
                                    "POST",
                                    "/bans",
                                    "{\"address\":\"203.0.113.1\"}",
                                    Map.of("X-Switchboard-Admin", "1", "Origin", "http://127.0.0.1:" + port))
                            .status())
                    .as("the same origin is let through")
                    .isEqualTo(201);
            assertThat(root.get("/bans").body()).contains("203.0.113.1");
        } finally {
            server.stop();
        }
    }

    @Test
    void anAddressListRefusesOtherPeersAndProxiedRequests() throws Exception {
        SwitchboardServer server = start(Map.of(ConfigKeys.ADMIN_ALLOW, "10.1.2.3"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            AdminClient root = new AdminClient(http, server.port(), "root", "root-pw");
            assertThat(root.get("/stats").status()).isEqualTo(403);
        } finally {
            server.stop();
        }
        server = start(Map.of(ConfigKeys.ADMIN_ALLOW, "127.0.0.1"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            AdminClient root = new AdminClient(http, server.port(), "root", "root-pw");
            assertThat(root.get("/stats").status()).isEqualTo(200);
            assertThat(root.send("GET", "/stats", null, Map.of("X-Forwarded-For", "198.51.100.1"))
                            .status())
                    .isEqualTo(403);
        } finally {
            server.stop();
        }
    }

    @Test
    void theApiMovesWithItsPathAndCanBeTurnedOff() throws Exception {
        SwitchboardServer server = start(Map.of(ConfigKeys.ADMIN_PATH, "/ops/api"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            AdminClient moved = new AdminClient(http, server.port(), "root", "root-pw");
            assertThat(moved.get("/stats").status()).isEqualTo(404);
            assertThat(new AdminClient(http, server.port(), "/ops/api", "root", "root-pw")
                            .get("/stats")
                            .status())
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
        server = start(Map.of(ConfigKeys.ADMIN_ENABLED, "false"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(new AdminClient(http, server.port(), "root", "root-pw")
                            .get("/stats")
                            .status())
                    .isEqualTo(404);
        } finally {
            server.stop();
        }
    }
}
