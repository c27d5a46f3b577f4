package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A publication on an internal channel (a protocol's own fan-out, such as presence's) is delivered without a
 * position and never stored: no client resumes it, and it must not crowd the channels clients do resume out of the
 * history.
 */
class InternalChannelsAreNotKeptInTheHistoryTest {

    @Test
    void anInternalPublicationIsDeliveredWithoutAPositionAndAnOrdinaryOneIsKept() throws Exception {
        HistoryStore store = new MemoryHistoryStore(100, Duration.ofMinutes(5), InstantSource.system());
        try (BrokerContract.Cluster cluster = MemoryBrokerContractTest.oneNode(store)) {
            Broker broker = cluster.brokers().get(0);
            RecordingDelivery delivery = new RecordingDelivery("c1", "u1");
            broker.attach(delivery);

            broker.publish(new Broker.Publish("/internal/presence/all", "frame", Optional.empty(), Optional.empty()))
                    .toCompletableFuture()
                    .join();
            broker.publish(new Broker.Publish("news", "kept", Optional.empty(), Optional.empty()))
                    .toCompletableFuture()
                    .join();

            Await.until(
                    "both publications delivered",
                    () -> delivery.of("/internal/presence/all").size() == 1
                            && delivery.of("news").size() == 1);
            assertThat(delivery.of("/internal/presence/all").get(0).offset()).isZero();
            assertThat(delivery.of("/internal/presence/all").get(0).epoch()).isEmpty();
            assertThat(delivery.of("news").get(0).epoch()).isNotEmpty();
            assertThat(store.read("/internal/presence/all", 0, 10)).isEmpty();
            assertThat(store.read("news", 0, 10)).hasSize(1);
            assertThat(broker.head("news")).isNotEqualTo(HistoryStore.Position.NONE);
        }
    }
}
