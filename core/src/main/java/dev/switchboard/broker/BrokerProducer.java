package dev.switchboard.broker;

import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Produces this node's {@link Broker}: the {@link MemoryBroker} of one node, or the {@link JmsBroker} when
 * {@code switchboard.cluster.enabled} is true. An application replaces either with its own {@link Broker} bean
 * annotated {@code @Alternative @Priority(...)}.
 *
 * <p>With clustering off, no Jakarta Messaging class is loaded, so Switchboard runs in a servlet container that has
 * none. With it on, the connection factory (and the topic, when it is named in JNDI) is looked up once, on the
 * deployment's thread, so a missing resource fails the deployment with a message naming the key to set, and
 * reconnection later needs no naming context.
 */
@ApplicationScoped
public class BrokerProducer {

    private static final System.Logger LOG = System.getLogger(BrokerProducer.class.getName());

    private final ClusterSettings cluster;
    private final BrokerSettings settings;
    private final Instance<HistoryStore> history;
    private final Scheduler scheduler;
    private final Instance<ClusterInbox> inbox;
    private final Event<Broker.Announcement> announcements;

    /**
     * Creates the producer.
     *
     * @param cluster       the cluster settings
     * @param settings      the broker settings
     * @param history       the history store
     * @param scheduler     the scheduler
     * @param inbox         where a message-driven bean hands messages; resolved only with clustering on, since it
     *                      speaks Jakarta Messaging, which a plain servlet container may lack
     * @param announcements fires the other nodes' announcements
     */
    @Inject
    public BrokerProducer(
            ClusterSettings cluster,
            BrokerSettings settings,
            Instance<HistoryStore> history,
            Scheduler scheduler,
            Instance<ClusterInbox> inbox,
            Event<Broker.Announcement> announcements) {
        this.cluster = cluster;
        this.settings = settings;
        this.history = history;
        this.scheduler = scheduler;
        this.inbox = inbox;
        this.announcements = announcements;
    }

    /** For the CDI proxy of a normal-scoped bean. */
    BrokerProducer() {
        this(null, null, null, null, null, null);
    }

    @Produces
    @ApplicationScoped
    Broker broker() {
        HistoryStore store = history.isResolvable() ? history.get() : null;
        if (!cluster.enabled()) {
            return new MemoryBroker(store, scheduler, settings);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Clustering on: node {0}, topic {1}, connection factory {2}",
                cluster.nodeId(),
                cluster.topic(),
                cluster.connectionFactory());
        // Only now are Jakarta Messaging classes touched: a server without them runs the memory broker.
        return JmsBrokers.create(cluster, settings, store, scheduler, inbox.get(), announcements::fire);
    }

    void close(@Disposes Broker broker) throws Exception {
        // The cluster broker leaves its topic; named by interface, so this class never loads it when clustering is off.
        if (broker instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
