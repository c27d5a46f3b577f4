package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code switchboard.auth.basic-cache.ttl=0} nothing is remembered: every Basic header is checked in full. */
class BasicCacheSwitchedOffChecksEveryHeaderTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "alice-pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(PasswordChecksCounter.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_BASIC_CACHE_TTL, "0")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void everyRequestChecksThePassword() throws Exception {
        PasswordChecksCounter.CHECKS.set(0);
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 3; i++) {
                assertThat(AuthClient.get(
                                        client,
                                        AuthClient.http(server, "/health"),
                                        BasicAuth.basic("alice", "alice-pw"))
                                .statusCode())
                        .isEqualTo(200);
            }
        }
        assertThat(PasswordChecksCounter.CHECKS.get()).isEqualTo(3);
    }
}
