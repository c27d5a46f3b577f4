package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UnsupportedSubprotocolOfferGetsBadRequestTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(EchoTestProtocol.class));

    @Test
    void offerWithOnlyUnsupportedSubprotocolsIsRefusedWith400() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            Throwable thrown =
                    catchThrowable(() -> TestClient.connect(client, node.ws("/"), "wamp.2.cbor", "unknown.example"));

            assertThat(thrown)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class);
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) thrown.getCause();
            assertThat(handshake.getResponse().statusCode()).isEqualTo(400);
        }
    }
}
