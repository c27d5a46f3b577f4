package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While the node drains, new WebSocket handshakes and SSE streams get 503 with {@code Retry-After}; other HTTP keeps
 * working, and a cancelled drain takes connections again.
 */
class DrainRefusesNewConnectionsWithRetryAfterTest {

    private static SwitchboardServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.DRAIN_RETRY_AFTER, "7")
                .build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    @AfterEach
    void serveAgain() {
        Probes.drain().cancel("test");
    }

    private static URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void aWebSocketHandshakeIsRefusedWith503AndRetryAfterUntilTheDrainIsCancelled() throws Exception {
        Probes.drain().start(Duration.ofMinutes(5), "test");

        assertThatThrownBy(() -> TestClient.connect(client, ws(), Map.of(), "esegece.com"))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    assertThat(refused.getResponse().statusCode()).isEqualTo(503);
                    assertThat(refused.getResponse().headers().firstValue("Retry-After"))
                            .hasValue("7");
                });

        Probes.drain().cancel("test");
        try (TestClient.Recorder accepted = TestClient.connect(client, ws(), Map.of(), "esegece.com")) {
            assertThat(accepted.nextContaining("sgc@session")).contains("sgc@session");
        }
    }

    @Test
    void anEventStreamIsRefusedWith503RetryAfterAndATextBody() throws Exception {
        Probes.drain().start(Duration.ofMinutes(5), "test");

        for (String path : new String[] {"/sse/news", "/esegece.com"}) {
            HttpResponse<String> refused = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Accept", "text/event-stream")
                            .timeout(Await.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(path).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).as(path).hasValue("7");
            assertThat(refused.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(refused.body()).as(path).contains("draining");
        }
    }

    @Test
    void otherHttpKeepsWorkingDuringADrain() throws Exception {
        Probes.drain().start(Duration.ofMinutes(5), "test");

        assertThat(Probes.get(client, server, "/health").statusCode()).isEqualTo(200);
        assertThat(Probes.get(client, server, "/health/live").statusCode()).isEqualTo(200);
        // A page of the web module: served as always.
        assertThat(Probes.get(client, server, "/index.html").statusCode()).isEqualTo(200);
    }
}
