package dev.switchboard.broker;

import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.history.internal.JdbcHistoryStore;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The Jakarta Messaging broker: three nodes on one real Artemis broker and one JDBC history store on H2 (the shared
 * database of a cluster), each node with its own connection and scheduler.
 */
class JmsBrokerContractTest extends BrokerContract {

    private static final int NODES = 3;

    /**
     * Lanes small enough that a stalled store fills one and refuses publishers soon, large enough that a database
     * append plus a send per publication keeps up on a loaded machine.
     */
    private static final BrokerSettings SMALL_LANES = new BrokerSettings(16, Duration.ofMillis(250), 1000);

    @Override
    protected HistoryStore newStore() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new JdbcHistoryStore(() -> dataSource, KEPT, Duration.ofMinutes(5), InstantSource.system());
    }

    @Override
    protected Cluster start(HistoryStore store) {
        try {
            ArtemisOnTestJvm artemis = new ArtemisOnTestJvm();
            String topic = "contract-" + UUID.randomUUID();
            List<Broker> brokers = new ArrayList<>();
            List<AutoCloseable> resources = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
                ActiveMQConnectionFactory factory = artemis.factory();
                ClusterSettings settings = new ClusterSettings(
                        true,
                        "node-" + i,
                        "unused",
                        topic,
                        ClusterSettings.Receiver.LISTENER,
                        Duration.ofMillis(100),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1));
                JmsBroker broker = new JmsBroker(
                        settings,
                        SMALL_LANES,
                        store,
                        Scheduler.of(executor),
                        () -> factory,
                        context -> context.createTopic(topic),
                        null,
                        announcement -> {});
                brokers.add(broker);
                resources.add(broker);
                resources.add(factory);
                resources.add(executor::shutdownNow);
            }
            return new Cluster() {
                @Override
                public List<Broker> brokers() {
                    return brokers;
                }

                @Override
                public void close() {
                    for (AutoCloseable resource : resources) {
                        try {
                            resource.close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    try {
                        artemis.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    store.close();
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
