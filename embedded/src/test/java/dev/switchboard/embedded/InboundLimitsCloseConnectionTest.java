package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.embedded.testing.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the container enforces with Switchboard's settings: 1009 for oversize messages, 1007 for bad UTF-8. */
class InboundLimitsCloseConnectionTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(HubCommandProtocol.class)
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, "1024")
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, "2048"));

    private static RawWebSocket open() throws Exception {
        RawWebSocket socket =
                RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME));
        assertThat(socket.status).isEqualTo(101);
        return socket;
    }

    @Test
    void aTextMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendText("id");
            assertThat(socket.nextText()).startsWith("ok ");
            socket.sendText("x".repeat(1025));
            assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void aBinaryMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(0x2, new byte[2049]);
            assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(WebSocketFrame.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
            assertThat(socket.awaitCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void messagesWithinTheLimitsKeepTheConnectionWorking() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(WebSocketFrame.TEXT, ("id" + " ".repeat(1000)).getBytes(StandardCharsets.UTF_8));
            assertThat(socket.nextText()).startsWith("ok ");
        }
    }
}
