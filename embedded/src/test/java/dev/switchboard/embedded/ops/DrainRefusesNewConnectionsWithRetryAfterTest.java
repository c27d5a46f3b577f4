package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While the node drains, new WebSocket handshakes and SSE streams get 503 with {@code Retry-After}; other HTTP keeps
 * working, and a cancelled drain takes connections again.
 */
class DrainRefusesNewConnectionsWithRetryAfterTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(ConfigKeys.DRAIN_RETRY_AFTER, "7"));

    @Test
    void aWebSocketHandshakeIsRefusedWith503AndRetryAfterUntilTheDrainIsCancelled() throws Exception {
        RunningNode.drain().start(Duration.ofMinutes(5), "test");

        assertThatThrownBy(() -> TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com"))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    assertThat(refused.getResponse().statusCode()).isEqualTo(503);
                    assertThat(refused.getResponse().headers().firstValue("Retry-After"))
                            .hasValue("7");
                });

        RunningNode.drain().cancel("test");
        try (TestClient.Recorder accepted = TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com")) {
            assertThat(accepted.nextContaining("sgc@session")).contains("sgc@session");
        }
    }

    @Test
    void anEventStreamIsRefusedWith503RetryAfterAndATextBody() throws Exception {
        RunningNode.drain().start(Duration.ofMinutes(5), "test");

        for (String path : new String[] {"/sse/news", "/esegece.com"}) {
            HttpResponse<String> refused = node.client()
                    .send(
                            HttpRequest.newBuilder(node.http(path))
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
        RunningNode.drain().start(Duration.ofMinutes(5), "test");

        assertThat(node.get("/health").statusCode()).isEqualTo(200);
        assertThat(node.get("/health/live").statusCode()).isEqualTo(200);
        // A page of the web module: served as always.
        assertThat(node.get("/index.html").statusCode()).isEqualTo(200);
    }
}
