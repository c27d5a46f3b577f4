package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code switchboard.websocket.idle-timeout} reaches the container: a quiet connection is closed with 1001. */
class IdleTimeoutClosesQuietConnectionsTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(HubCommandProtocol.class)
                .environmentEntry(ConfigKeys.WEBSOCKET_IDLE_TIMEOUT, "1")
                // Pings would count as traffic and keep the connection from ever being idle.
                .environmentEntry(ConfigKeys.HEARTBEAT_ENABLED, "false")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawWebSocket quiet =
                RawWebSocket.connect(server.port(), "/", Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME))) {
            quiet.sendText("id");
            assertThat(quiet.nextText()).startsWith("ok ");

            long start = System.nanoTime();
            int code = quiet.awaitCloseCode();

            assertThat(code).isEqualTo(1001);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
    }
}
