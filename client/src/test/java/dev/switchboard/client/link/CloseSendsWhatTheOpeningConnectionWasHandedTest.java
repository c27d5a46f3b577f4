package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames an application hands the link while its new connection is being opened wait in the link's queue for a
 * moment; a close in that moment sends them before the close frame instead of dropping frames the application was
 * told were taken.
 */
class CloseSendsWhatTheOpeningConnectionWasHandedTest {

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
    void framesTakenDuringTheOpeningReachTheServerWhenTheLinkClosesAtOnce() {
        RecordingListener subscriber = new RecordingListener();
        try (Link watching = Links.open(
                LinkOptions.builder(TestServers.ws(server))
                        .subprotocols(TestServers.SGC)
                        .build(),
                subscriber)) {
            subscriber.awaitOpened(1);
            watching.send(TestServers.subscribe("handed", "s1"));
            subscriber.awaitText("the subscribe reply", text -> text.contains("\"method\":\"sgc@subscribe\""));

            AtomicReference<Link> under = new AtomicReference<>();
            RecordingListener closing = new RecordingListener() {
                @Override
                public void opened(LinkSession session) {
                    super.opened(session);
                    Link link = under.get();
                    // Handed while the link is still opening: queued behind the opening, not yet on the socket.
                    assertThat(link.send(TestServers.publish("handed", "first")))
                            .isTrue();
                    assertThat(link.send(TestServers.publish("handed", "second")))
                            .isTrue();
                    Thread.ofPlatform().start(link::close);
                    Await.until("the link closing", Duration.ofSeconds(5), () -> link.state() == LinkState.CLOSED);
                }
            };
            Link link = Links.create(
                    LinkOptions.builder(TestServers.ws(server))
                            .subprotocols(TestServers.SGC)
                            .build(),
                    closing);
            under.set(link);
            link.start();

            subscriber.awaitText("the first frame", text -> text.contains("first"));
            subscriber.awaitText("the second frame", text -> text.contains("second"));
            Await.until("the close reported", Duration.ofSeconds(10), () -> closing.closes.size() == 1);
        }
    }
}
