package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopClosesWebSocketsWithGoingAwayTest {

    @Test
    void stoppingTheServerClosesOpenWebSocketsWith1001() throws Exception {
        SwitchboardServer server = TestClient.startServer(EchoTestProtocol.class);
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder plain = TestClient.connect(client, TestClient.ws(server));
                TestClient.Recorder withProtocol =
                        TestClient.connect(client, TestClient.ws(server), EchoTestProtocol.NAME)) {

            long before = System.nanoTime();
            server.stop();
            Duration stopping = Duration.ofNanos(System.nanoTime() - before);

            assertThat(plain.closeCode()).isEqualTo(1001);
            assertThat(withProtocol.closeCode()).isEqualTo(1001);
            // The close handshakes finished well inside the 5 s stop timeout: the stop did not just time out.
            assertThat(stopping).isLessThan(Duration.ofSeconds(4));
            assertThat(server.isRunning()).isFalse();
        } finally {
            server.stop();
        }
    }
}
