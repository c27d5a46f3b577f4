package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a trusted proxy, a client that sends bad credentials in {@code sgc@refresh} on an open connection is
 * counted as a failed authentication of its own address, the one the firewall resolved at the handshake: the
 * client is banned, the proxy and the other clients behind it are not.
 */
class RefreshFailuresAreChargedToTheClientAddressTest {

    private static final String SGC = "esegece.com";
    private static final String PROXY = "127.0.0.61";
    private static final String CLIENT = "203.0.113.77";
    private static final String NEIGHBOUR = "203.0.113.78";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "erin", "erin-pw", "user");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_TRUSTED_PROXIES, PROXY)
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static Map<String, String> forwardedFor(String client) {
        return Map.of("X-Forwarded-For", client);
    }

    private static String refresh(String field, String credential, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@refresh\",\"params\":{\"" + field + "\":\"" + credential
                + "\"},\"id\":\"" + id + "\"}";
    }

    /** The reply with this id, skipping the acknowledgment that comes first. */
    private static String reply(TestClient.Recorder socket, int id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }

    private static int health(HttpClient proxy, Map<String, String> headers) throws Exception {
        return AuthClient.get(proxy, AuthClient.http(server, "/health"), headers)
                .statusCode();
    }

    @Test
    void badRefreshCredentialsBanTheClientBehindTheProxyNotTheProxy() throws Exception {
        try (HttpClient proxy = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName(PROXY))
                .build()) {
            String ticket = AuthClient.field(
                    AuthClient.post(
                                    proxy,
                                    AuthClient.http(server, "/auth/login"),
                                    "application/json",
                                    "{\"user\":\"erin\",\"password\":\"erin-pw\"}",
                                    forwardedFor(CLIENT))
                            .body(),
                    "ticket");
            try (TestClient.Recorder socket =
                    TestClient.connect(proxy, AuthClient.ws(server, "/?ticket=" + ticket), forwardedFor(CLIENT), SGC)) {
                socket.nextContaining("sgc@session");
                socket.send(refresh("ticket", "forged-ticket", 1));
                assertThat(reply(socket, 1)).contains("\"code\":-32001");
                socket.send(refresh("token", "forged.jwt.token", 2));
                assertThat(reply(socket, 2)).contains("\"code\":-32001");
                assertThat(health(proxy, forwardedFor(CLIENT)))
                        .as("two failures are not yet a ban")
                        .isEqualTo(200);
                socket.send(refresh("ticket", "another-forged-ticket", 3));
                assertThat(reply(socket, 3)).contains("\"code\":-32001");
            }

            assertThat(health(proxy, forwardedFor(CLIENT)))
                    .as("the client who sent them")
                    .isEqualTo(403);
            assertThat(health(proxy, Map.of())).as("the proxy itself").isEqualTo(200);
            assertThat(health(proxy, forwardedFor(NEIGHBOUR)))
                    .as("another client behind the proxy")
                    .isEqualTo(200);
        }
    }
}
