package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser client and the demo pages in headless Chromium against the embedded server: chat between two browser
 * contexts, the SSE fallback when WebSocket is refused, resume without loss after a server-side disconnect (over
 * both transports), and the clock page. Each test runs one script of {@code src/test/browser}; the monitor page has
 * its own test ({@link MonitorPageLetsAnAdminCloseAConnectionTest}).
 */
class ChromiumScenariosTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        ServerHooks.reset();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(ServerHooks.GatewayCapture.class, ServerHooks.Gate.class)
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    @AfterEach
    void openTheGate() {
        ServerHooks.reset();
    }

    @Test
    void chatPageExchangesMessagesBetweenTwoBrowserContexts() throws Exception {
        NodeScenario.run(TIMEOUT, "chat.mjs", base, "websocket").assertOk("chat over websocket");
    }

    @Test
    void clientFallsBackToSseWhenWebSocketIsRefusedAndStillSendsAndReceives() throws Exception {
        ServerHooks.refuseWebSocket = true;
        NodeScenario.run(TIMEOUT, "chat.mjs", base, "sse").assertOk("chat over sse");
    }

    @Test
    void reconnectOverWebSocketResumesWithoutLoss() throws Exception {
        NodeScenario.run(TIMEOUT, "reconnect.mjs", base, "websocket").assertOk("reconnect over websocket resumed");
    }

    @Test
    void reconnectOverSseResumesWithoutLoss() throws Exception {
        ServerHooks.refuseWebSocket = true;
        NodeScenario.run(TIMEOUT, "reconnect.mjs", base, "sse").assertOk("reconnect over sse resumed");
    }

    @Test
    void clockPageUpdatesLive() throws Exception {
        NodeScenario.run(TIMEOUT, "pages.mjs", base).assertOk("clock");
    }
}
