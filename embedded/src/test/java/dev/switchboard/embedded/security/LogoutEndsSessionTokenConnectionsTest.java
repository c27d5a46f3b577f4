package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections opened with an sgc session token ({@code /sgc/auth/session/TOKEN}) belong to the login that issued
 * the token: logging out of it closes them with 4500 like its ticket and cookie connections, and so does the end of
 * the login; connections of another login of the same user stay open.
 */
class LogoutEndsSessionTokenConnectionsTest {

    @TempDir
    static Path dir;

    private static SwitchboardServer start(String sessionMaxAge) throws Exception {
        Path users = Users.add(dir.resolve("users-" + sessionMaxAge), "alice", "alice-pw");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SGC_URLS, "true")
                .environmentEntry(ConfigKeys.AUTH_SESSION_MAX_AGE, sessionMaxAge)
                .environmentEntry(ConfigKeys.AUTH_REFRESH_WARNING, "0")
                .build();
        server.start();
        return server;
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private static String token(HttpClient client, SwitchboardServer server) throws Exception {
        HttpResponse<String> issued =
                AuthClient.get(client, AuthClient.http(server, "/sgc/req/auth/session/alice/alice-pw"), Map.of());
        assertThat(issued.statusCode()).isEqualTo(200);
        return issued.body().strip();
    }

    @Test
    void logoutClosesTheConnectionsOfItsSessionTokensAndNotThoseOfAnotherLogin() throws Exception {
        SwitchboardServer server = start("3600");
        try (HttpClient sgcClient = browser();
                HttpClient otherClient = browser();
                HttpClient page = browser();
                HttpClient ws = HttpClient.newHttpClient()) {
            String token = token(sgcClient, server);
            String otherToken = token(otherClient, server);
            // A ticket of a POST /auth/login session opens the same URL form.
            String ticket = AuthClient.field(
                    AuthClient.login(page, server, "alice", "alice-pw").body(), "ticket");
            try (TestClient.Recorder ended =
                            TestClient.connect(ws, AuthClient.ws(server, "/sgc/auth/session/" + token), Map.of());
                    TestClient.Recorder kept =
                            TestClient.connect(ws, AuthClient.ws(server, "/sgc/auth/session/" + otherToken), Map.of());
                    TestClient.Recorder byTicket =
                            TestClient.connect(ws, AuthClient.ws(server, "/sgc/auth/session/" + ticket), Map.of())) {
                assertThat(AuthClient.post(sgcClient, AuthClient.http(server, "/auth/logout"), null, "", Map.of())
                                .statusCode())
                        .isEqualTo(204);
                assertThat(ended.closeCode()).isEqualTo(CloseCodes.UNAUTHORIZED);
                assertThat(ended.closeReason.join()).isEqualTo("Logged out");

                assertThat(AuthClient.post(page, AuthClient.http(server, "/auth/logout"), null, "", Map.of())
                                .statusCode())
                        .isEqualTo(204);
                assertThat(byTicket.closeCode()).isEqualTo(CloseCodes.UNAUTHORIZED);
                assertThat(byTicket.closeReason.join()).isEqualTo("Logged out");

                assertThat(kept.isOpen()).as("another login of the same user").isTrue();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void theEndOfTheLoginClosesItsSessionTokenConnections() throws Exception {
        SwitchboardServer server = start("3");
        try (HttpClient sgcClient = browser();
                HttpClient ws = HttpClient.newHttpClient();
                TestClient.Recorder socket = TestClient.connect(
                        ws, AuthClient.ws(server, "/sgc/auth/session/" + token(sgcClient, server)), Map.of())) {
            assertThat(socket.closeCode()).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(socket.closeReason.join()).isEqualTo("Credentials expired");
        } finally {
            server.stop();
        }
    }
}
