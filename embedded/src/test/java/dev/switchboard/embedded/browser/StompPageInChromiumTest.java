package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page in headless Chromium using the {@code @stomp/stompjs} browser bundle talks to an sgc client over one
 * channel: what the sgc client publishes reaches the page's {@code /topic} subscription, and what the page sends
 * reaches the sgc client. The script is {@code src/test/browser/stomp-page.mjs}.
 */
class StompPageInChromiumTest {

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
    void aStompJsPageAndAnSgcClientExchangeMessagesOnOneChannel() throws Exception {
        NodeScenario.run(TIMEOUT, "stomp-page.mjs", base).assertOk("stompjs page in chromium");
    }
}
