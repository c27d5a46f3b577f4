package dev.switchboard.broker;

import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The in-memory broker, one node, over the memory history store. */
class MemoryBrokerContractTest extends BrokerContract {

    /** Small lanes, so a stalled store fills one quickly and publishers are refused soon. */
    static final BrokerSettings SMALL_LANES = new BrokerSettings(4, Duration.ofMillis(50), 1000);

    @Override
    protected HistoryStore newStore() {
        return new MemoryHistoryStore(KEPT, Duration.ofMinutes(5), InstantSource.system());
    }

    @Override
    protected Cluster start(HistoryStore store) {
        return oneNode(store);
    }

    /** One memory broker on a scheduler of its own. */
    static Cluster oneNode(HistoryStore store) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
        MemoryBroker broker = new MemoryBroker(store, Scheduler.of(executor), SMALL_LANES);
        return new Cluster() {
            @Override
            public List<Broker> brokers() {
                return List.of(broker);
            }

            @Override
            public void close() {
                executor.shutdownNow();
                store.close();
            }
        };
    }
}
