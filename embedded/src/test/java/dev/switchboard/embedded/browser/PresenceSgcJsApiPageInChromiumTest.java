package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two pages written against the sgc JavaScript Presence API, loading {@code /presence.esegece.com.js} with a script
 * tag, register, join a channel, talk and list members in headless Chromium; one offers a prefixed token
 * ({@code src/test/browser/presence-compat-page.mjs}).
 */
class PresenceSgcJsApiPageInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void sgcPresencePagesTalkThroughTheCompatibilityScript() throws Exception {
        NodeScenario.run(TIMEOUT, "presence-compat-page.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("sgc presence pages talk through presence.esegece.com.js");
    }
}
