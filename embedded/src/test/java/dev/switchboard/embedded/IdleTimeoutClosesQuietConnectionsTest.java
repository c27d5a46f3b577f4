package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code switchboard.websocket.idle-timeout} reaches the container: a quiet connection is closed with 1001. */
class IdleTimeoutClosesQuietConnectionsTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(HubCommandProtocol.class)
            .environmentEntry(ConfigKeys.WEBSOCKET_IDLE_TIMEOUT, "1")
            // Pings would count as traffic and keep the connection from ever being idle.
            .environmentEntry(ConfigKeys.HEARTBEAT_ENABLED, "false"));

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawWebSocket quiet =
                RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME))) {
            quiet.sendText("id");
            assertThat(quiet.nextText()).startsWith("ok ");

            long start = System.nanoTime();
            int code = quiet.awaitCloseCode();

            assertThat(code).isEqualTo(1001);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
    }
}
