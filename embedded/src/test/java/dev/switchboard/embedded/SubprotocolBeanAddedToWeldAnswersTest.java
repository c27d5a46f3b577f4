package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubprotocolBeanAddedToWeldAnswersTest {

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
    void offeredSubprotocolIsChosenEchoedAndServedByTheInjectedBean() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder recorder =
                        TestClient.connect(client, TestClient.ws(server), "unknown.example", EchoTestProtocol.NAME)) {

            assertThat(recorder.socket.getSubprotocol()).isEqualTo(EchoTestProtocol.NAME);
            recorder.socket.sendText("hello", true).get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(recorder.nextText()).isEqualTo("echo:hello (connections: 1)");
        }
    }
}
