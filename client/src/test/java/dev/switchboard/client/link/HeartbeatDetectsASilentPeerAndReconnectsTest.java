package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeartbeatDetectsASilentPeerAndReconnectsTest {

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
    void aPeerThatStopsAnsweringPingsIsTreatedAsLostAndTheLinkComesBack() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .subprotocols(TestServers.SGC)
                    .transports(LinkTransport.WEBSOCKET)
                    .heartbeat(Duration.ofMillis(200), Duration.ofMillis(400))
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                    .build();
            try (Link link = Links.open(options, listener)) {
                listener.awaitOpened(1);
                // The TCP connection stays up; only the bytes stop, as with a peer that hangs.
                proxy.stalled(true);

                LinkClosed lost = listener.awaitClosed(1, Duration.ofSeconds(10));
                assertThat(lost.code()).isEqualTo(1006);
                assertThat(lost.reason()).contains("no pong");
                assertThat(lost.wasOpen()).isTrue();
                assertThat(lost.retrying()).isTrue();

                proxy.stalled(false);
                assertThat(listener.awaitOpened(2).reconnected()).isTrue();
                link.send(TestServers.subscribe("alive", "a1"));
                listener.awaitText("an answer on the new connection", text -> text.contains("\"id\":\"a1\""));
            }
        }
    }
}
