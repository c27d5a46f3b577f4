package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel masks, comma lists and group patterns work end to end over real sockets. */
class GroupsAndChannelsOverWebSocketTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(HubCommandProtocol.class));

    private static TestClient.Recorder command(TestClient.Recorder socket, String command, String expected)
            throws Exception {
        socket.socket.sendText(command, true);
        assertThat(socket.nextText()).isEqualTo(expected);
        return socket;
    }

    @Test
    void roomPatternReachesEveryMatchingGroupOnce() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try {
            TestClient.Recorder a = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            TestClient.Recorder b = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            TestClient.Recorder c = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            command(a, "join Room1", "ok [Room1]");
            command(b, "join Room2", "ok [Room2]");
            command(c, "join Lobby", "ok [Lobby]");

            command(c, "groups Room* hello rooms", "ok 2");

            assertThat(a.nextText()).isEqualTo("hello rooms");
            assertThat(b.nextText()).isEqualTo("hello rooms");
            assertThat(c.texts).isEmpty();
        } finally {
            client.shutdownNow();
        }
    }

    @Test
    void maskSubscriptionsAndCommaListsDeliverEachPublicationOnce() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try {
            TestClient.Recorder sport = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            TestClient.Recorder weather = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);
            command(sport, "sub news.*,news.sport", "ok [news.*, news.sport]");
            command(weather, "sub weather", "ok [weather]");
            TestClient.Recorder publisher = TestClient.connect(client, node.ws("/"), HubCommandProtocol.NAME);

            command(publisher, "publish news.sport,weather 1 3", "ok 2");

            assertThat(sport.nextText()).isEqualTo("0:xxx");
            assertThat(weather.nextText()).isEqualTo("0:xxx");
            // Nothing else arrived for the sport subscriber: its next message is the answer to a new command.
            sport.socket.sendText("id", true);
            assertThat(sport.nextText()).startsWith("ok ");
        } finally {
            client.shutdownNow();
        }
    }
}
