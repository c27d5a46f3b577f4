package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnsupportedSubprotocolOfferGetsBadRequestTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestClient.startServer(EchoTestProtocol.class);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void offerWithOnlyUnsupportedSubprotocolsIsRefusedWith400() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            Throwable thrown = catchThrowable(
                    () -> TestClient.connect(client, TestClient.ws(server), "wamp.2.cbor", "unknown.example"));

            assertThat(thrown)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class);
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) thrown.getCause();
            assertThat(handshake.getResponse().statusCode()).isEqualTo(400);
        }
    }
}
