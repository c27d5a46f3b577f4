package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubprotocolBeanAddedToWeldAnswersTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(EchoTestProtocol.class));

    @Test
    void offeredSubprotocolIsChosenEchoedAndServedByTheInjectedBean() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder recorder =
                        TestClient.connect(client, node.ws("/"), "unknown.example", EchoTestProtocol.NAME)) {

            assertThat(recorder.socket.getSubprotocol()).isEqualTo(EchoTestProtocol.NAME);
            recorder.socket.sendText("hello", true).get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(recorder.nextText()).isEqualTo("echo:hello (connections: 1)");
        }
    }
}
