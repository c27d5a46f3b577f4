package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Transport;
import dev.switchboard.spi.SubprotocolHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrafficTotalsOutliveClosedConnectionsTest {

    private final SubprotocolHandler plain = new SubprotocolHandler() {};

    private static Traffic of(List<Traffic> traffic, String subprotocol) {
        return traffic.stream()
                .filter(t -> t.subprotocol().equals(subprotocol))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aClosedConnectionsTrafficStaysInTheTotalsOfItsKind() {
        ConnectionRegistry registry = new ConnectionRegistry();
        RecordingConnection sgc = new RecordingConnection("esegece.com", plain, 1024, 1 << 20);
        RecordingConnection bare = new RecordingConnection(plain);
        registry.add(sgc);
        registry.add(bare);
        sgc.countInbound(5);
        sgc.countInbound(7);
        sgc.sendText("hello");
        bare.countInbound(3);

        Traffic before = of(registry.traffic(), "esegece.com");
        assertThat(before.transport()).isEqualTo(Transport.WEBSOCKET);
        assertThat(before.open()).isEqualTo(1);
        assertThat(before.messagesIn()).isEqualTo(2);
        assertThat(before.bytesIn()).isEqualTo(12);
        assertThat(before.messagesOut()).isEqualTo(1);

        registry.remove(sgc);
        List<Traffic> after = registry.traffic();
        Traffic closed = of(after, "esegece.com");
        assertThat(closed.open()).isZero();
        assertThat(closed.opened()).isEqualTo(1);
        assertThat(closed.messagesIn()).isEqualTo(2);
        assertThat(closed.bytesIn()).isEqualTo(12);
        assertThat(closed.messagesOut()).isEqualTo(1);
        assertThat(of(after, Traffic.NO_SUBPROTOCOL).messagesIn()).isEqualTo(1);

        // Removing again (a second close report) counts nothing twice.
        registry.remove(sgc);
        assertThat(of(registry.traffic(), "esegece.com").messagesIn()).isEqualTo(2);
    }

    @Test
    void totalsNeverGoDownWhileConnectionsCloseDuringReadings() throws Exception {
        ConnectionRegistry registry = new ConnectionRegistry();
        List<RecordingConnection> connections = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            RecordingConnection connection = new RecordingConnection(plain);
            connection.countInbound(1);
            registry.add(connection);
            connections.add(connection);
        }
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<?> closing = closer.submit(() -> {
                go.await();
                connections.forEach(registry::remove);
                return null;
            });
            go.countDown();
            long last = 0;
            while (!closing.isDone()) {
                long now = of(registry.traffic(), Traffic.NO_SUBPROTOCOL).messagesIn();
                assertThat(now).isEqualTo(2000).isGreaterThanOrEqualTo(last);
                last = now;
            }
            closing.get(10, TimeUnit.SECONDS);
            Traffic done = of(registry.traffic(), Traffic.NO_SUBPROTOCOL);
            assertThat(done.messagesIn()).isEqualTo(2000);
            assertThat(done.opened()).isEqualTo(2000);
            assertThat(done.open()).isZero();
        } finally {
            closer.shutdownNow();
        }
    }
}
