package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.api.event.MessageEvent;
import dev.switchboard.embedded.testing.Await;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Connect, message and disconnect CDI events reach application observers in the documented order. */
class LifecycleEventsArriveInOrderTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    public static class Recorder {
        void connected(@Observes ConnectEvent event) {
            EVENTS.add("connect");
        }

        void message(@Observes MessageEvent event) {
            EVENTS.add("message " + event.message());
        }

        void disconnected(@Observes DisconnectEvent event) {
            EVENTS.add("disconnect " + event.code());
        }
    }

    @Test
    void connectMessagesAndDisconnectAreObservedInOrder() throws Exception {
        SwitchboardServer server = TestClient.startServer(HubCommandProtocol.class, Recorder.class);
        HttpClient client = HttpClient.newHttpClient();
        try {
            TestClient.Recorder socket = TestClient.connect(client, TestClient.ws(server), HubCommandProtocol.NAME);
            socket.socket.sendText("id", true);
            socket.nextText();
            socket.socket.sendText("join lobby", true);
            socket.nextText();
            socket.socket.sendClose(1000, "done").get();
            socket.closeCode();

            Await.until("four lifecycle events", () -> EVENTS.size() >= 4);
            assertThat(EVENTS).containsExactly("connect", "message id", "message join lobby", "disconnect 1000");
        } finally {
            client.shutdownNow();
            server.stop();
        }
    }
}
