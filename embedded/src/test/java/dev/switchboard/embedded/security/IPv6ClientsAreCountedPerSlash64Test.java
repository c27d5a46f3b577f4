package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IPv6 attacker owns a whole /64 and takes a fresh address for every attempt. A loopback test client cannot vary
 * its own IPv6 address (only ::1 exists), so the IPv6 clients arrive the way they do in production: through a
 * trusted reverse proxy (127.0.0.4) that names them in {@code X-Forwarded-For}. Rate limits and bans must hold for
 * the /64, and a neighbouring /64 must stay unaffected.
 */
class IPv6ClientsAreCountedPerSlash64Test {

    private static final String PROXY = "127.0.0.4";

    @TempDir
    static Path dir;

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "gina", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_TRUSTED_PROXIES, PROXY)
                .environmentEntry(ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_CONNECTION_RATE_MAX, "2")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static int upgradeAs(String client) throws Exception {
        return LoopbackClient.request(PROXY, server.port(), "GET", "/", true, Map.of("X-Forwarded-For", client))
                .closing()
                .status;
    }

    private static int getAs(String client, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("X-Forwarded-For", client);
        return LoopbackClient.request(PROXY, server.port(), "GET", "/health", false, headers).status;
    }

    @Test
    void rotatingAddressesInsideOneSlash64ShareOneConnectionRate() throws Exception {
        assertThat(upgradeAs("2001:db8:1:2::1")).isEqualTo(101);
        assertThat(upgradeAs("2001:db8:1:2::2")).isEqualTo(101);
        assertThat(upgradeAs("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .as("a third address of the same /64")
                .isEqualTo(429);
        assertThat(upgradeAs("2001:db8:1:3::1")).as("the neighbouring /64").isEqualTo(101);
    }

    @Test
    void failedLoginsFromRotatingAddressesBanTheSlash64() throws Exception {
        Map<String, String> wrong = BasicAuth.basic("gina", "guess");
        assertThat(getAs("2001:db8:5:5::1", wrong)).isEqualTo(401);
        assertThat(getAs("2001:db8:5:5::2", wrong)).isEqualTo(401);
        assertThat(getAs("2001:db8:5:5::3", wrong)).isEqualTo(401);
        assertThat(getAs("2001:db8:5:5::99", Map.of()))
                .as("another address of the banned /64")
                .isEqualTo(403);
        assertThat(getAs("2001:db8:5:6::1", Map.of()))
                .as("the neighbouring /64")
                .isEqualTo(200);
    }
}
