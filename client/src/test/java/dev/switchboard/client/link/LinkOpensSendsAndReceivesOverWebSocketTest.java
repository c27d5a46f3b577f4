package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkOpensSendsAndReceivesOverWebSocketTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void opensWithTheChosenSubprotocolAndCarriesFramesBothWays() {
        RecordingListener listener = new RecordingListener();
        LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                .subprotocols("no-such-protocol", TestServers.SGC)
                .build();
        try (Link link = Links.open(options, listener)) {
            LinkSession session = listener.awaitOpened(1);

            assertThat(session.transport()).as("events %s", listener.events).isEqualTo("websocket");
            assertThat(session.subprotocol()).isEqualTo(TestServers.SGC);
            assertThat(session.url().toString()).isEqualTo(TestServers.ws(server));
            assertThat(session.reconnected()).isFalse();
            assertThat(link.state()).isEqualTo(LinkState.OPEN);
            listener.awaitText("the sgc session message", text -> text.contains("sgc@session"));

            assertThat(link.send(TestServers.subscribe("news", "s1"))).isTrue();
            listener.awaitText("the subscribe reply", text -> text.contains("\"method\":\"sgc@subscribe\""));
            assertThat(link.sendNow(TestServers.publish("news", "hello over the link")))
                    .isTrue();
            String event = listener.awaitText("the published event", text -> text.contains("hello over the link"));

            assertThat(event).contains("sgc@event").contains("\"channel\":\"news\"");
        }
        assertThat(listener.closes).hasSize(1);
        assertThat(listener.closes.get(0).code()).isEqualTo(1000);
        assertThat(listener.closes.get(0).retrying()).isFalse();
        assertThat(listener.overlaps).hasValue(0);
    }

    @Test
    void aClosedLinkRefusesFramesAndCannotStartAgain() {
        RecordingListener listener = new RecordingListener();
        Link link = Links.create(
                LinkOptions.builder(TestServers.ws(server))
                        .subprotocols(TestServers.SGC)
                        .build(),
                listener);
        assertThat(link.state()).isEqualTo(LinkState.NEW);
        link.start();
        listener.awaitOpened(1);
        link.close();
        link.close();

        assertThat(link.state()).isEqualTo(LinkState.CLOSED);
        assertThat(link.send("late")).isFalse();
        assertThat(link.sendNow("late")).isFalse();
        Await.until("the close reported once", Duration.ofSeconds(5), () -> listener.closes.size() == 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(link::start).isInstanceOf(IllegalStateException.class);
    }
}
