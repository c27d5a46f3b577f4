package dev.switchboard.embedded.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brute force over real handshakes, bans in the embedded H2 file database, the admin API, and a restart. */
class BansPersistAndAreManagedOverTheAdminApiTest {

    @TempDir
    Path dataDir;

    private static final Map<String, String> ADMIN = BasicAuth.basic("root", "root-pw");
    /** State-changing admin requests also carry the cross-site defence header. */
    private static final Map<String, String> ADMIN_WRITE =
            Map.of("Authorization", ADMIN.get("Authorization"), "X-Switchboard-Admin", "1");

    private SwitchboardServer start(int port) throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        UsersFile.addOrUpdate(users, "guest", PasswordHashes.hash("guest-pw".toCharArray(), 1_000), List.of());
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(port)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .beanClasses(PasswordCheck.class)
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3")
                .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ALLOW, "127.0.0.1")
                .build();
        server.start();
        return server;
    }

    @Test
    void failedAuthenticationsBanTheAddressAndBansSurviveARestart() throws Exception {
        SwitchboardServer server = start(0);
        int port = server.port();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(LoopbackClient.request("127.0.0.20", port, "GET", "/?password=bad", true, Map.of())
                                .closing()
                                .status)
                        .isEqualTo(401);
            }
            assertThat(LoopbackClient.upgrade("127.0.0.20", port).closing().status)
                    .isEqualTo(403);
            assertThat(LoopbackClient.upgrade("127.0.0.21", port).closing().status)
                    .isEqualTo(101);

            LoopbackClient added = LoopbackClient.request(
                    "127.0.0.1",
                    port,
                    "POST",
                    "/switchboard/firewall/bans?address=127.0.0.22&seconds=0&reason=test",
                    false,
                    ADMIN_WRITE);
            assertThat(added.status).isEqualTo(201);
            assertThat(added.body).contains("\"address\":\"127.0.0.22\"").contains("\"until\":null");
            assertThat(LoopbackClient.get("127.0.0.22", port, "/health", Map.of()))
                    .isEqualTo(403);

            LoopbackClient listed =
                    LoopbackClient.request("127.0.0.1", port, "GET", "/switchboard/firewall", false, ADMIN);
            assertThat(listed.body)
                    .contains("127.0.0.20")
                    .contains("127.0.0.22")
                    .contains("\"brute-force-bans\":1")
                    .contains("\"ban\":");
            assertThat(LoopbackClient.get("127.0.0.21", port, "/switchboard/firewall", ADMIN))
                    .as("only 127.0.0.1 may use the admin API here")
                    .isEqualTo(403);
            LoopbackClient anonymous =
                    LoopbackClient.request("127.0.0.1", port, "GET", "/switchboard/firewall", false, Map.of());
            assertThat(anonymous.status).as("the admin API needs a principal").isEqualTo(401);
            assertThat(LoopbackClient.get(
                            "127.0.0.1", port, "/switchboard/firewall", BasicAuth.basic("guest", "guest-pw")))
                    .as("and the admin role")
                    .isEqualTo(403);
        } finally {
            server.stop();
        }

        server = start(0);
        port = server.port();
        try {
            assertThat(LoopbackClient.upgrade("127.0.0.20", port).closing().status)
                    .isEqualTo(403);
            assertThat(LoopbackClient.get("127.0.0.22", port, "/health", Map.of()))
                    .isEqualTo(403);
            assertThat(LoopbackClient.request(
                                    "127.0.0.1",
                                    port,
                                    "DELETE",
                                    "/switchboard/firewall/bans/127.0.0.22",
                                    false,
                                    ADMIN_WRITE)
                            .status)
                    .isEqualTo(204);
            assertThat(LoopbackClient.get("127.0.0.22", port, "/health", Map.of()))
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }
}
