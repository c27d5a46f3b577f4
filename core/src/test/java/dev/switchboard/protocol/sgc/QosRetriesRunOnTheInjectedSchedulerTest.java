package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The QoS retry scan runs on the scheduler it is given, and stops with the protocol. */
class QosRetriesRunOnTheInjectedSchedulerTest {

    @Test
    void anUnacknowledgedServerMessageIsResentByTheScheduledScanUntilAcknowledged() throws Exception {
        SgcSettings settings = SgcSettings.builder()
                .qosLevel(QosLevel.LEVEL1)
                .qosInterval(Duration.ofMillis(20))
                .qosTimeout(Duration.ZERO)
                .build();
        ConcurrentHashMap<String, ConnectionState> states = new ConcurrentHashMap<>();
        SgcReplies replies = new SgcReplies(settings, Clock.systemUTC(), null, true);
        QosTracker tracker = new QosTracker(settings, Clock.systemUTC(), replies, states.values());
        TestConnection connection = new TestConnection(new SubprotocolHandler() {}, null);
        ConnectionState state = new ConnectionState(connection);
        states.put(connection.id(), state);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            replies.sendServer(state, WireId.of("m1"), "tracked");
            assertThat(connection.take()).containsExactly("tracked");

            tracker.start(Scheduler.of(executor));
            List<String> resent = new ArrayList<>();
            Await.until("two retries", () -> {
                resent.addAll(connection.take());
                return resent.size() >= 2;
            });
            assertThat(resent).hasSizeGreaterThanOrEqualTo(2).allMatch("tracked"::equals);

            tracker.acknowledged(state, WireId.of("m1"));
            assertThat(state.qos().trackedCount()).isZero();
        } finally {
            tracker.stop();
            executor.shutdownNow();
        }
    }
}
