package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkReconnectsWithBackoffAndFailsOverTest {

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
    void aCutConnectionIsReopenedWithGrowingJitteredBackoff() throws Exception {
        Duration initial = Duration.ofMillis(100);
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .subprotocols(TestServers.SGC)
                    .transports(LinkTransport.WEBSOCKET)
                    .backoff(initial, Duration.ofSeconds(1))
                    .build();
            try (Link link = Links.open(options, listener)) {
                listener.awaitOpened(1);
                proxy.refusing(true).cutAll();

                LinkClosed lost = listener.awaitClosed(1);
                assertThat(lost.code()).isEqualTo(1006);
                assertThat(lost.wasOpen()).isTrue();
                assertThat(lost.retrying()).isTrue();
                assertThat(lost.nextAttemptIn()).isBetween(Duration.ZERO, initial);
                assertThat(link.state()).isEqualTo(LinkState.CONNECTING);

                // Refused attempts: attempt n waits at most min(max, initial * 2^n).
                for (int n = 1; n <= 3; n++) {
                    LinkClosed refused = listener.awaitClosed(1 + n);
                    assertThat(refused.wasOpen()).isFalse();
                    assertThat(refused.retrying()).isTrue();
                    assertThat(refused.nextAttemptIn()).isBetween(Duration.ZERO, initial.multipliedBy(1L << n));
                }
                proxy.refusing(false);

                LinkSession again = listener.awaitOpened(2);
                assertThat(again.reconnected()).isTrue();
                assertThat(again.attempt()).isEqualTo(1);
                assertThat(link.state()).isEqualTo(LinkState.OPEN);
                assertThat(listener.overlaps).hasValue(0);
            }
        }
    }

    @Test
    void theSecondServerOfTheListTakesOverWhenTheFirstStops() throws Exception {
        SwitchboardServer first = TestServers.start();
        try {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(first), TestServers.ws(server))
                    .subprotocols(TestServers.SGC)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .build();
            try (Link link = Links.open(options, listener)) {
                assertThat(listener.awaitOpened(1).url().getPort()).isEqualTo(first.port());
                first.stop();

                LinkSession second = listener.awaitOpened(2);
                assertThat(second.url().getPort()).isEqualTo(server.port());
                assertThat(second.reconnected()).isTrue();
                link.send(TestServers.subscribe("failover", "f1"));
                listener.awaitText("a reply from the second server", text -> text.contains("\"id\":\"f1\""));
            }
        } finally {
            TestServers.stop(first);
        }
    }

    @Test
    void theLinkClosesAfterItsMaximumOfFailedAttempts() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            proxy.refusing(true);
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                    .maxAttempts(3)
                    .build();
            try (Link link = Links.open(options, listener)) {
                LinkClosed last = listener.awaitClosed(3);

                assertThat(last.retrying()).isFalse();
                assertThat(last.nextAttemptIn()).isZero();
                assertThat(listener.closes.get(0).retrying()).isTrue();
                assertThat(listener.closes.get(1).retrying()).isTrue();
                Await.until("the link closed", () -> link.state() == LinkState.CLOSED);
                assertThat(link.send("after giving up")).isFalse();
                assertThat(listener.sessions).isEmpty();
            }
            // Each attempt tried WebSocket, then SSE on the server that cut the upgrade.
            assertThat(listener.errors)
                    .filteredOn(error -> error.getMessage().contains("trying SSE"))
                    .hasSize(3);
            assertThat(listener.closes).hasSize(3);
        }
    }

    @Test
    void aRequestedMoveGoesToTheNextServerWithoutCountingAFailure() throws Exception {
        SwitchboardServer second = TestServers.start();
        try {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(server), TestServers.ws(second))
                    .subprotocols(TestServers.SGC)
                    .maxAttempts(1)
                    .build();
            try (Link link = Links.open(options, listener)) {
                assertThat(listener.awaitOpened(1).url().getPort()).isEqualTo(server.port());

                link.reconnect(Duration.ofMillis(10));

                LinkClosed moved = listener.awaitClosed(1);
                assertThat(moved.code()).isEqualTo(1001);
                assertThat(moved.retrying()).isTrue();
                assertThat(listener.awaitOpened(2).url().getPort()).isEqualTo(second.port());
                assertThat(link.state()).isEqualTo(LinkState.OPEN);
            }
        } finally {
            TestServers.stop(second);
        }
    }
}
