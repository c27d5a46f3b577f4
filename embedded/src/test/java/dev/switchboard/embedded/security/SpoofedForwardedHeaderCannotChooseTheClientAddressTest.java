package dev.switchboard.embedded.security;

import static dev.switchboard.embedded.firewall.LoopbackClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.SwitchboardServerBuilder;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 127.0.0.4 is a trusted reverse proxy that, like most, sets {@code X-Forwarded-For} and passes a client's own
 * {@code Forwarded} header through. The attacker is 203.0.113.66 (denied); it sends {@code Forwarded} naming an
 * address of its choice, first to escape the deny list, then to get a bystander banned for its failed logins.
 */
class SpoofedForwardedHeaderCannotChooseTheClientAddressTest {

    private static final String PROXY = "127.0.0.4";
    private static final String ATTACKER = "203.0.113.66";
    private static final String BYSTANDER = "198.51.100.50";

    @TempDir
    Path dir;

    private SwitchboardServer start(String header) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "gina", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of());
        SwitchboardServerBuilder builder = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_TRUSTED_PROXIES, PROXY)
                .environmentEntry(ConfigKeys.FIREWALL_DENY, "203.0.113.0/24")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3");
        if (header != null) {
            builder.environmentEntry(ConfigKeys.FIREWALL_CLIENT_ADDRESS_HEADER, header);
        }
        SwitchboardServer server = builder.build();
        server.start();
        return server;
    }

    private static LoopbackClient failedLogin(int port, Map<String, String> headers) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(BasicAuth.basic("gina", "guess"));
        return LoopbackClient.request(PROXY, port, "GET", "/health", false, all);
    }

    @Test
    void aClientsOwnForwardedHeaderNeitherEscapesTheDenyListNorFramesABystander() throws Exception {
        SwitchboardServer server = start(null);
        try {
            int port = server.port();
            assertThat(get(
                            PROXY,
                            port,
                            "/health",
                            Map.of("X-Forwarded-For", ATTACKER, "Forwarded", "for=" + BYSTANDER)))
                    .as("the proxy's X-Forwarded-For names the attacker")
                    .isEqualTo(403);

            // The attacker's address is denied anyway; a second attacker outside the deny list tries to frame.
            String framer = "192.0.2.77";
            for (int i = 0; i < 3; i++) {
                assertThat(failedLogin(port, Map.of("X-Forwarded-For", framer, "Forwarded", "for=" + BYSTANDER)).status)
                        .isEqualTo(401);
            }
            assertThat(get(PROXY, port, "/health", Map.of("X-Forwarded-For", framer)))
                    .as("the failures were counted against the real client")
                    .isEqualTo(403);
            assertThat(get(PROXY, port, "/health", Map.of("X-Forwarded-For", BYSTANDER)))
                    .as("the bystander named in Forwarded is not banned")
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void withForwardedConfiguredAClientsOwnXForwardedForIsIgnored() throws Exception {
        SwitchboardServer server = start("Forwarded");
        try {
            int port = server.port();
            assertThat(get(
                            PROXY,
                            port,
                            "/health",
                            Map.of("Forwarded", "for=" + ATTACKER, "X-Forwarded-For", BYSTANDER)))
                    .isEqualTo(403);
            assertThat(get(
                            PROXY,
                            port,
                            "/health",
                            Map.of("Forwarded", "for=\"" + BYSTANDER + ":4711\"", "X-Forwarded-For", ATTACKER)))
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }
}
