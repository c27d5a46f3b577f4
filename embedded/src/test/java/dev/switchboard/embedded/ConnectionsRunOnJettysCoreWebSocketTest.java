package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.embedded.testing.WebSocketFrame;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Embedded connections are Jetty core WebSockets, not Jakarta sessions: they are opened by Switchboard's own frame
 * handler, which assembles messages across frames, answers pings, and refuses what a Jakarta session would, with the
 * same close codes (and invalid UTF-8 already at the fragment that carries it).
 */
class ConnectionsRunOnJettysCoreWebSocketTest {

    /** Echoes text and binary messages and records how each connection was opened. */
    @ApplicationScoped
    @Subprotocol(Echo.NAME)
    public static class Echo implements SubprotocolHandler {
        static final String NAME = "core-echo.test.switchboard.dev";
        static final List<List<String>> OPENED_BY = new CopyOnWriteArrayList<>();

        @Override
        public void onOpen(Connection connection) {
            OPENED_BY.add(Arrays.stream(Thread.currentThread().getStackTrace())
                    .map(StackTraceElement::getClassName)
                    .toList());
        }

        @Override
        public void onText(Connection connection, String message) {
            connection.sendText("echo:" + message);
        }

        @Override
        public void onBinary(Connection connection, ByteBuffer message) {
            connection.sendText("bytes:" + HexFormat.of().formatHex(bytes(message)));
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(Echo.class)
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, "1024")
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, "2048"));

    private static RawWebSocket open() throws Exception {
        RawWebSocket socket = RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", Echo.NAME));
        assertThat(socket.status).isEqualTo(101);
        return socket;
    }

    @Test
    void aConnectionIsOpenedByJettysCoreFrameHandlerWithoutAJakartaSession() throws Exception {
        Echo.OPENED_BY.clear();
        try (RawWebSocket socket = open()) {
            socket.sendText("hello");
            assertThat(socket.nextText()).isEqualTo("echo:hello");
        }
        assertThat(Echo.OPENED_BY).hasSize(1);
        assertThat(Echo.OPENED_BY.getFirst())
                .contains(CoreSocket.class.getName())
                .noneMatch(name -> name.startsWith("org.eclipse.jetty.ee10.websocket.jakarta"));
    }

    @Test
    void aTextMessageInFragmentsArrivesWholeWithACharacterSplitBetweenThem() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.TEXT, new byte[] {'a', euro[0]}, false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[] {euro[1]}, false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[] {euro[2], 'b'}, true);
            assertThat(socket.nextText()).isEqualTo("echo:a€b");
        }
    }

    @Test
    void aBinaryMessageInFragmentsArrivesWhole() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.BINARY, new byte[] {1, 2}, false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[0], false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[] {3}, true);
            assertThat(socket.nextText()).isEqualTo("bytes:010203");
        }
    }

    @Test
    void aPingIsAnsweredWithItsPayloadBetweenTheFragmentsOfAMessage() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.TEXT, "ab".getBytes(StandardCharsets.UTF_8), false);
            socket.send(WebSocketFrame.PING, new byte[] {'p', '1'});
            WebSocketFrame pong = socket.read();
            assertThat(pong.opcode()).isEqualTo(WebSocketFrame.PONG);
            assertThat(pong.payload()).containsExactly('p', '1');
            socket.sendFragment(WebSocketFrame.CONTINUATION, "cd".getBytes(StandardCharsets.UTF_8), true);
            assertThat(socket.nextText()).isEqualTo("echo:abcd");
        }
    }

    @Test
    void invalidUtf8InTheFirstFragmentClosesWith1007BeforeTheMessageEnds() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}, false);
            assertThat(socket.awaitCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void aContinuationWithoutAMessageClosesWith1002() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[] {'x'}, true);
            assertThat(socket.awaitCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void fragmentsThatTogetherPassTheBoundCloseWith1009() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.TEXT, "x".repeat(1000).getBytes(StandardCharsets.UTF_8), false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, "x".repeat(25).getBytes(StandardCharsets.UTF_8), true);
            assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        }
        try (RawWebSocket socket = open()) {
            socket.sendFragment(WebSocketFrame.BINARY, new byte[2000], false);
            socket.sendFragment(WebSocketFrame.CONTINUATION, new byte[49], true);
            assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void afterARefusedConnectionTheOthersKeepWorking() throws Exception {
        try (RawWebSocket healthy = open();
                RawWebSocket refused = open()) {
            refused.sendFragment(WebSocketFrame.CONTINUATION, new byte[] {'x'}, true);
            assertThat(refused.awaitCloseCode()).isEqualTo(1002);
            healthy.sendText("still");
            assertThat(healthy.nextText()).isEqualTo("echo:still");
        }
    }
}
