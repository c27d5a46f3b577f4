package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private Heartbeat heartbeat(SwitchboardConfig config, RecordingConnection... connections) {
        ConnectionRegistry registry = new ConnectionRegistry();
        for (RecordingConnection connection : connections) {
            registry.add(connection);
        }
        return new Heartbeat(config, registry, Scheduler.of(executor));
    }

    private static void awaitPings(RecordingConnection connection, int pings) {
        Await.until(pings + " pings", () -> connection.pings >= pings);
        assertThat(connection.pings).isEqualTo(pings);
    }

    @Test
    void anUnansweredPingClosesTheConnectionAfterTheTimeout() {
        RecordingConnection silent = new RecordingConnection(new SubprotocolHandler() {});
        RecordingConnection answering = new RecordingConnection(new SubprotocolHandler() {});
        SwitchboardConfig config = SwitchboardConfig.builder()
                .heartbeatInterval(Duration.ofHours(1))
                .heartbeatTimeout(Duration.ofNanos(1))
                .build();
        Heartbeat heartbeat = heartbeat(config, silent, answering);
        silent.sendPing();
        answering.sendPing();
        answering.markAlive();
        // A one-nanosecond timeout has passed as soon as the clock moves.
        Await.until("the clock to move past the ping", () -> System.nanoTime() != silent.pingSentNanos());

        heartbeat.tick();

        assertThat(silent.closeCode).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
        assertThat(answering.closeCode).isNull();
    }

    @Test
    void eachRoundPingsConnectionsWithoutAnOutstandingPing() throws Exception {
        RecordingConnection connection = new RecordingConnection(new SubprotocolHandler() {});
        SwitchboardConfig config = SwitchboardConfig.builder()
                .heartbeatInterval(Duration.ofHours(1))
                .heartbeatTimeout(Duration.ofHours(1))
                .build();
        Heartbeat heartbeat = heartbeat(config, connection);
        heartbeat.start();
        try {
            heartbeat.tick();
            awaitPings(connection, 1);
            heartbeat.tick();
            // The first ping is still unanswered and not yet timed out: no second ping.
            assertThat(connection.pings).isEqualTo(1);
            connection.markAlive();
            heartbeat.tick();
            awaitPings(connection, 2);
        } finally {
            heartbeat.stop();
        }
    }

    @Test
    void onlyWhenIdleSkipsConnectionsThatSpokeDuringTheInterval() throws Exception {
        RecordingConnection chatty = new RecordingConnection(new SubprotocolHandler() {});
        SwitchboardConfig config = SwitchboardConfig.builder()
                .heartbeatOnlyWhenIdle(true)
                .heartbeatInterval(Duration.ofHours(1))
                .heartbeatTimeout(Duration.ofHours(1))
                .build();
        Heartbeat heartbeat = heartbeat(config, chatty);
        heartbeat.start();
        try {
            chatty.countInbound(10);
            heartbeat.tick();
            assertThat(chatty.pings).isZero();
        } finally {
            heartbeat.stop();
        }
    }
}
