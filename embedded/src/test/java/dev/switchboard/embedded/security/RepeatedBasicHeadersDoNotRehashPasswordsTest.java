package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends the same {@code Authorization: Basic} header on every request costs one password hash, not
 * one per request; a wrong password is hashed every time (it is never remembered as a success), and a change of
 * the users file or a logout of the user makes the next request check the password again.
 */
class RepeatedBasicHeadersDoNotRehashPasswordsTest {

    private static final int REQUESTS = 25;

    @TempDir
    static Path dir;

    static Path users;
    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        users = Users.add(dir.resolve("users"), "alice", "alice-pw", "user");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(PasswordChecksCounter.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/health")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void forgetEarlierChecks() throws Exception {
        // Each test starts with nothing remembered: another test may have left alice's header in the cache.
        Users.add(users, "alice", "alice-pw", "user");
        PasswordChecksCounter.CHECKS.set(0);
    }

    private static int status(HttpClient client, Map<String, String> headers) throws Exception {
        return AuthClient.get(client, AuthClient.http(server, "/health"), headers)
                .statusCode();
    }

    @Test
    void theSameHeaderRepeatedCostsOnePasswordCheck() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            }
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverLetIn() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(status(client, BasicAuth.basic("alice", "guess"))).isEqualTo(401);
            }
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(1 + 5);
        }
    }

    @Test
    void aChangedPasswordInTheUsersFileRefusesTheRememberedHeaderAtOnce() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(1);

            Users.add(users, "alice", "new-pw", "user");
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(401);
            assertThat(status(client, BasicAuth.basic("alice", "new-pw"))).isEqualTo(200);
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(3);
        }
    }

    @Test
    void aLogoutOfTheUserMakesTheNextHeaderCheckThePasswordAgain() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                HttpClient browser = HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .build()) {
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            assertThat(AuthClient.login(browser, server, "alice", "alice-pw").statusCode())
                    .isEqualTo(200);
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(2);

            assertThat(AuthClient.post(browser, AuthClient.http(server, "/auth/logout"), null, "", Map.of())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(status(client, BasicAuth.basic("alice", "alice-pw"))).isEqualTo(200);
            assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(3);
        }
    }
}
