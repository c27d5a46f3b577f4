package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code js/switchboard-broker.js} in headless Chromium: switchboard.js and a STOMP session share one WebSocket with
 * the broker protocol ({@code src/test/browser/broker-page.mjs}).
 */
class BrokerSocketCarriesBrowserClientsInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static SwitchboardServer server;

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
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        ServerHooks.reset();
    }

    @Test
    void switchboardJsAndStompShareOneBrokerSocket() throws Exception {
        NodeScenario.run(TIMEOUT, "broker-page.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("closing one inner protocol leaves the other working");
    }
}
