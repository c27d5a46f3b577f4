package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused credentials of every kind reach the firewall's brute-force counter: after three from one address that
 * address is banned (403 for everything), while another loopback address keeps being served.
 */
class FailedLoginsAreCountedByTheFirewallTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "gina", "pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(IdentityProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder()
                .localAddress(InetAddress.getByName(address))
                .build();
    }

    @Test
    void aWrongPasswordAWrongBasicHeaderAndAReplayedTicketBanTheAddress() throws Exception {
        try (HttpClient attacker = from("127.0.0.41");
                HttpClient bystander = from("127.0.0.42")) {
            assertThat(AuthClient.login(attacker, server, "gina", "guess").statusCode())
                    .isEqualTo(401);
            assertThat(AuthClient.refusedStatus(
                            attacker,
                            AuthClient.ws(server, "/"),
                            IdentityProbeProtocol.NAME,
                            BasicAuth.basic("gina", "guess2")))
                    .isEqualTo(401);
            assertThat(AuthClient.get(attacker, AuthClient.http(server, "/health"), Map.of())
                            .statusCode())
                    .as("two failures are not yet a ban")
                    .isEqualTo(200);
            assertThat(AuthClient.refusedStatus(
                            attacker, AuthClient.ws(server, "/?ticket=stolen"), IdentityProbeProtocol.NAME, Map.of()))
                    .isEqualTo(401);

            assertThat(AuthClient.get(attacker, AuthClient.http(server, "/health"), Map.of())
                            .statusCode())
                    .isEqualTo(403);
            assertThat(AuthClient.login(attacker, server, "gina", "pw").statusCode())
                    .as("even the right password, once banned")
                    .isEqualTo(403);
            assertThat(AuthClient.login(bystander, server, "gina", "pw").statusCode())
                    .isEqualTo(200);
        }
    }
}
