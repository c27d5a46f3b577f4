package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebSocketWithoutSubprotocolOpensTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    @Test
    void handshakeWithoutSubprotocolSucceedsAndEchoesNone() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder recorder = TestClient.connect(client, node.ws("/"))) {

            assertThat(recorder.socket.getSubprotocol()).isEmpty();
            recorder.socket
                    .sendClose(1000, "done")
                    .get(TestClient.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(recorder.closeCode()).isEqualTo(1000);
        }
    }
}
