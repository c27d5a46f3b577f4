package dev.switchboard.embedded.browser;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser client in headless Chromium, logged in with {@code POST /auth/login} and connected with tickets, on a
 * server whose logins last 8 seconds: the client that answers {@code expiring} with {@code refresh()} stays open,
 * the other is closed with 4500 and does not reconnect ({@code src/test/browser/refresh.mjs}).
 */
class BrowserClientRefreshesExpiringLoginTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "erin", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("user"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SESSION_MAX_AGE, "8")
                .environmentEntry(ConfigKeys.AUTH_REFRESH_WARNING, "6")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aClientThatRefreshesOutlivesItsLoginAndOneThatDoesNotEndsWith4500() throws Exception {
        NodeScenario.run(TIMEOUT, "refresh.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("refresh kept the connection open");
    }
}
