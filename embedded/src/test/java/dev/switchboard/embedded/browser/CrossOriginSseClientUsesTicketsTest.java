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
 * The browser client in headless Chromium on a page of another origin (the same server as {@code localhost}
 * against {@code 127.0.0.1}), with authentication required and only the SSE transport: it connects with a ticket
 * fetched for each attempt, its messages get in with the stream's post key, and it reconnects with a new ticket
 * after the server cuts it off ({@code src/test/browser/crossorigin.mjs}).
 */
class CrossOriginSseClientUsesTicketsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        ServerHooks.reset();
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "fran", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("user"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(ServerHooks.GatewayCapture.class)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, "http://localhost:*")
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
    void aPageOfAnotherOriginPostsWithItsStreamsKeyAndReconnectsWithANewTicket() throws Exception {
        NodeScenario.run(TIMEOUT, "crossorigin.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("cross-origin SSE with per-attempt tickets");
    }
}
