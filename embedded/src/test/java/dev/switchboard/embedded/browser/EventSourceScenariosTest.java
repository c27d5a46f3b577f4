package dev.switchboard.embedded.browser;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSE scenarios with Node's {@code eventsource} package (a real third-party client), against the embedded server
 * with a memory history of five publications per channel: framing with multi-line data, replay from
 * {@code Last-Event-ID}, and the explicit gap event when the history cannot cover what the client missed.
 */
class EventSourceScenariosTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(false);
        ServerHooks.reset();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(ServerHooks.GatewayCapture.class, ServerHooks.Gate.class)
                .environmentEntry(ConfigKeys.HISTORY_MAX_MESSAGES, "5")
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

    @Test
    void framingKeepsMultiLineDataAndUnicode() throws Exception {
        NodeScenario.run(TIMEOUT, "eventsource.mjs", base, "framing").assertOk("framing");
    }

    @Test
    void lastEventIdReplaysWhatWasMissed() throws Exception {
        NodeScenario.run(TIMEOUT, "eventsource.mjs", base, "replay").assertOk("replay");
    }

    @Test
    void gapEventTellsWhatCannotBeReplayed() throws Exception {
        NodeScenario.run(TIMEOUT, "eventsource.mjs", base, "gap").assertOk("gap");
    }
}
