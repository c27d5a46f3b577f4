package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.HubCommandProtocol;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event stream closed through the Gateway ends with a {@code disconnect} event naming the code; an aborted one just
 * ends, with no such event, as a cut WebSocket ends without a close frame.
 */
class SseCloseSendsADisconnectEventAndAbortDoesNotTest {

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(HubCommandProtocol.class)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    private static SseClient stream() throws Exception {
        return SseClient.open(http, URI.create("http://127.0.0.1:" + server.port() + "/sse/ends"), Map.of());
    }

    @Test
    void aClosedStreamGetsADisconnectEventAndAnAbortedOneDoesNot() throws Exception {
        try (TestClient.Recorder control = TestClient.connect(
                        http, URI.create("ws://127.0.0.1:" + server.port() + "/"), Map.of(), HubCommandProtocol.NAME);
                SseClient closed = stream();
                SseClient aborted = stream()) {
            String closedId = closed.next("connection").data();
            String abortedId = aborted.next("connection").data();

            assertThat(control.ask("close " + closedId + " 4000")).isEqualTo("ok true");
            assertThat(closed.next("disconnect").data()).contains("\"code\":4000");
            closed.awaitEnd();

            assertThat(control.ask("abort " + abortedId)).isEqualTo("ok true");
            aborted.awaitEnd();
            List<String> lines;
            synchronized (aborted.rawLines) {
                lines = List.copyOf(aborted.rawLines);
            }
            assertThat(lines).isNotEmpty().noneMatch(line -> line.contains("disconnect"));
            assertThat(control.ask("abort " + abortedId)).isEqualTo("ok false");
        }
    }
}
