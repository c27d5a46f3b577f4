package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.embedded.testing.WebSocketFrame;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A peer that never answers pings is closed with 4009; a peer that answers stays connected. */
class HeartbeatClosesSilentPeersTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(HubCommandProtocol.class)
            .environmentEntry(ConfigKeys.HEARTBEAT_INTERVAL, "1")
            .environmentEntry(ConfigKeys.HEARTBEAT_TIMEOUT, "1"));

    @Test
    void aPeerThatNeverAnswersPingsIsClosedWhileOneThatAnswersStays() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (RawWebSocket silent =
                RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME))) {
            // The JDK client answers pings on its own.
            TestClient.Recorder answering = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);

            boolean pinged = false;
            int code;
            while (true) {
                WebSocketFrame frame = silent.read();
                if (frame.opcode() == WebSocketFrame.PING) {
                    pinged = true;
                } else if (frame.opcode() == WebSocketFrame.CLOSE) {
                    code = frame.closeCode();
                    break;
                }
            }

            assertThat(pinged).isTrue();
            assertThat(code).isEqualTo(4009);
            // By now the answering client has been through at least one ping round and is still served.
            answering.socket.sendText("id", true);
            assertThat(answering.nextText()).startsWith("ok ");
            assertThat(answering.closed).isNotDone();
        } finally {
            client.shutdownNow();
        }
    }
}
