package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackToBackSendsAllArriveTest {

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
    void framesSentWithoutWaitingForEachOtherAllArriveInOrder() {
        RecordingListener subscriber = new RecordingListener();
        RecordingListener publisher = new RecordingListener();
        LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                .subprotocols(TestServers.SGC)
                .build();
        try (Link watching = Links.open(options, subscriber);
                Link sending = Links.open(options, publisher)) {
            subscriber.awaitOpened(1);
            watching.send(TestServers.subscribe("burst", "s1"));
            subscriber.awaitText("the subscribe reply", text -> text.contains("\"method\":\"sgc@subscribe\""));
            publisher.awaitOpened(1);
            for (int i = 0; i < 200; i++) {
                assertThat(sending.sendNow(TestServers.publish("burst", "m" + i + ".")))
                        .isTrue();
            }
            for (int i = 0; i < 200; i++) {
                String expected = "m" + i + ".";
                subscriber.awaitText(expected, text -> text.contains(expected));
            }
            assertThat(publisher.dropped).isEmpty();
        }
    }
}
