package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two pages in headless Chromium use the presence client of {@code switchboard.js}: they register, join a channel,
 * exchange a channel message, list members, accept an invitation, get an error, leave, and see a closed page leave.
 * The script is {@code src/test/browser/presence-page.mjs}.
 */
class PresencePagesInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void twoPagesSeeEachOthersPresenceThroughTheJsClient() throws Exception {
        NodeScenario.run(TIMEOUT, "presence-page.mjs", base).assertOk("presence pages in chromium");
    }
}
