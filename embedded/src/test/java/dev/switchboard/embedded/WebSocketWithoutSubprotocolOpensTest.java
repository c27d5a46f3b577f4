package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketWithoutSubprotocolOpensTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestClient.startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void handshakeWithoutSubprotocolSucceedsAndEchoesNone() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder recorder = TestClient.connect(client, TestClient.ws(server))) {

            assertThat(recorder.socket.getSubprotocol()).isEmpty();
            recorder.socket
                    .sendClose(1000, "done")
                    .get(TestClient.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(recorder.closeCode()).isEqualTo(1000);
        }
    }
}
