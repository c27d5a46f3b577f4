package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.sse.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes published through the gateway reach a WebSocket subprotocol that takes them as a binary frame, an sgc
 * client as {@code sgc@b64:} text, and an SSE stream as a {@code binary} event of Base64 text, live and, from the
 * JDBC history, on resume.
 */
class BinaryPublicationsReachEachTransportInItsOwnFormTest {

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(HubCommandProtocol.class)
                .environmentEntry(ConfigKeys.HISTORY_STORE, "jdbc")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    private static URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    @Test
    void bytesArriveAsABinaryFrameAsSgcBase64AndAsAnSseBinaryEventAlsoOnResume() throws Exception {
        try (TestClient.Recorder commands = TestClient.connect(http, uri("ws", "/ws"), HubCommandProtocol.NAME);
                TestClient.Recorder sgc = TestClient.connect(http, uri("ws", "/ws"), "esegece.com");
                SseClient stream = SseClient.open(http, uri("http", "/sse/bytes"), Map.of())) {
            stream.next("connection");
            assertThat(commands.ask("sub bytes")).isEqualTo("ok [bytes]");
            sgc.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"bytes\"},\"id\":\"s\"}");
            sgc.nextContaining("sgc@subscribe");

            // With a history store the broker delivers on its lane, after the call returns: the count is not awaited.
            assertThat(commands.ask("publish-bytes bytes 00ff10")).startsWith("ok ");

            assertThat(commands.nextBinary()).containsExactly(0x00, 0xff, 0x10);
            assertThat(sgc.nextContaining("sgc@event")).contains("\"message\":\"sgc@b64:AP8Q\"");
            SseClient.Event live = stream.next();
            assertThat(live.type()).isEqualTo("binary");
            assertThat(live.data()).isEqualTo("AP8Q");

            String before = live.id().replaceAll(":\\d+$", ":0");
            try (SseClient resumed = SseClient.open(http, uri("http", "/sse/bytes"), Map.of("Last-Event-ID", before))) {
                resumed.next("connection");
                SseClient.Event replayed = resumed.next();
                assertThat(replayed.type()).isEqualTo("binary");
                assertThat(replayed.data()).isEqualTo("AP8Q");
                assertThat(replayed.id()).isEqualTo(live.id());
            }
        }
    }
}
