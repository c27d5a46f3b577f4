package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineQueueFlushesInOrderAndAppliesItsOverflowPolicyTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** Sends m1..m5 while offline through a queue of 3, then lets the link open; returns what it received. */
    private static List<String> publishWhileOffline(
            QueueOverflow policy, String channel, RecordingListener listener, List<Boolean> accepted) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            proxy.refusing(true);
            AtomicReference<Link> holder = new AtomicReference<>();
            // The listener's own frame in opened goes before the queued ones: without the subscription first, the
            // queued publications would reach no subscriber.
            listener.onOpened(session -> holder.get().sendNow(TestServers.subscribe(channel, "sub")));
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .subprotocols(TestServers.SGC)
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                    .queue(3, policy)
                    .build();
            try (Link link = Links.create(options, listener)) {
                holder.set(link);
                link.start();
                for (int i = 1; i <= 5; i++) {
                    accepted.add(link.send(TestServers.publish(channel, "m" + i)));
                }
                assertThat(link.state()).isEqualTo(LinkState.CONNECTING);
                proxy.refusing(false);
                listener.awaitOpened(1);
                Await.until(
                        "three publications back; events " + listener.events,
                        () -> events(listener).size() == 3);
                return events(listener);
            }
        }
    }

    private static List<String> events(RecordingListener listener) {
        List<String> messages = new ArrayList<>();
        for (String text : listener.textsContaining("sgc@event")) {
            int at = text.indexOf("\"message\":\"m");
            messages.add(text.substring(at + 11, at + 13));
        }
        return messages;
    }

    @Test
    void dropOldestKeepsTheNewestFramesAndTellsTheListener() throws Exception {
        RecordingListener listener = new RecordingListener();
        List<Boolean> accepted = new ArrayList<>();

        List<String> received = publishWhileOffline(QueueOverflow.DROP_OLDEST, "oldest", listener, accepted);

        assertThat(received).containsExactly("m3", "m4", "m5");
        assertThat(accepted).containsOnly(true);
        assertThat(listener.dropped).hasSize(2);
        assertThat(listener.dropped.get(0)).contains("m1");
        assertThat(listener.dropped.get(1)).contains("m2");
    }

    @Test
    void dropNewestKeepsTheFirstFramesAndTellsTheListener() throws Exception {
        RecordingListener listener = new RecordingListener();
        List<Boolean> accepted = new ArrayList<>();

        List<String> received = publishWhileOffline(QueueOverflow.DROP_NEWEST, "newest", listener, accepted);

        assertThat(received).containsExactly("m1", "m2", "m3");
        assertThat(accepted).containsOnly(true);
        assertThat(listener.dropped).hasSize(2);
        assertThat(listener.dropped.get(0)).contains("m4");
        assertThat(listener.dropped.get(1)).contains("m5");
    }

    @Test
    void refuseMakesSendReturnFalseWithoutDroppingAnything() throws Exception {
        RecordingListener listener = new RecordingListener();
        List<Boolean> accepted = new ArrayList<>();

        List<String> received = publishWhileOffline(QueueOverflow.REFUSE, "refuse", listener, accepted);

        assertThat(received).containsExactly("m1", "m2", "m3");
        assertThat(accepted).containsExactly(true, true, true, false, false);
        assertThat(listener.dropped).isEmpty();
    }
}
