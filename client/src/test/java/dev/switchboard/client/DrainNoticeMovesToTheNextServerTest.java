package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainNoticeMovesToTheNextServerTest {

    @Test
    void aDrainingServersClientsMoveToTheNextServerBeforeItClosesThem() throws Exception {
        // The first server, in a JVM of its own, would keep its connections for 30 s after SIGTERM (capped at its
        // stop timeout); the client leaves long before.
        ChildServer first = ChildServer.start("-Dswitchboard.drain.wait=30");
        SwitchboardServer second = TestServers.start();
        Recorder received = new Recorder();
        try (first;
                SwitchboardClient client =
                        Clients.connected(received, TestServers.ws(first.port()), TestServers.ws(second));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(second))) {
            client.subscribe("drain.news").get(10, TimeUnit.SECONDS);
            assertThat(received.of(ClientEvent.Opened.class).get(0).url()).isEqualTo(TestServers.ws(first.port()));

            long started = System.nanoTime();
            first.terminate();
            ClientEvent.Draining notice =
                    received.await(ClientEvent.Draining.class, d -> true, 1).get(0);
            assertThat(notice.url()).isEqualTo(TestServers.ws(first.port()));
            ClientEvent.Opened moved = received.await(ClientEvent.Opened.class, o -> o.reconnected(), 1)
                    .get(0);
            assertThat(moved.url()).isEqualTo(TestServers.ws(second));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("moved at once, not at the end of the drain's wait")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(received.of(ClientEvent.Closed.class)).first().satisfies(closed -> {
                assertThat(closed.code()).isEqualTo(1001);
                assertThat(closed.reconnecting()).isTrue();
            });

            // The subscription came along: a publication on the second server arrives.
            received.await(ClientEvent.Subscribed.class, s -> s.channel().equals("drain.news"), 2);
            publisher.publish("drain.news", "on the second", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("drain.news", 1)).containsExactly("on the second");
            Await.until("the drained server exits", Duration.ofSeconds(30), first::exited);
        } finally {
            TestServers.stop(second);
        }
    }
}
