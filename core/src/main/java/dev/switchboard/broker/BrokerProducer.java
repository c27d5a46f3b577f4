package dev.switchboard.broker;

import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Produces this node's {@link Broker}: the {@link MemoryBroker} of one node, or the {@link JmsBroker} when
 * {@code switchboard.cluster.enabled} is true. An application replaces either with its own {@link Broker} bean
 * annotated {@code @Alternative @Priority(...)}.
 *
 * <p>The cluster's connection factory (and topic, when it is named in JNDI) is looked up once, here, on the
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
    private final ClusterInbox inbox;
    private final Event<Broker.Announcement> announcements;

    /**
     * Creates the producer.
     *
     * @param cluster       the cluster settings
     * @param settings      the broker settings
     * @param history       the history store
     * @param scheduler     the scheduler
     * @param inbox         where a message-driven bean hands messages
     * @param announcements fires the other nodes' announcements
     */
    @Inject
    public BrokerProducer(
            ClusterSettings cluster,
            BrokerSettings settings,
            Instance<HistoryStore> history,
            Scheduler scheduler,
            ClusterInbox inbox,
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
        ConnectionFactory factory = lookup(cluster.connectionFactory(), ConnectionFactory.class, "connection factory");
        Function<JMSContext, Topic> topic;
        if (cluster.topic().startsWith("java:")) {
            Topic bound = lookup(cluster.topic(), Topic.class, "topic");
            topic = context -> bound;
        } else {
            String name = cluster.topic();
            topic = context -> context.createTopic(name);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Clustering on: node {0}, topic {1}, connection factory {2}",
                cluster.nodeId(),
                cluster.topic(),
                cluster.connectionFactory());
        return new JmsBroker(cluster, settings, store, scheduler, () -> factory, topic, inbox, announcements::fire);
    }

    void close(@Disposes Broker broker) {
        if (broker instanceof JmsBroker jms) {
            jms.close();
        }
    }

    private static <T> T lookup(String name, Class<T> type, String what) {
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException(
                    "Clustering is on but no Jakarta Messaging " + what + " is bound at " + name + " (set "
                            + (type == Topic.class ? ConfigKeys.CLUSTER_TOPIC : ConfigKeys.CLUSTER_CONNECTION_FACTORY)
                            + ")",
                    e);
        }
        if (!type.isInstance(found)) {
            throw new IllegalStateException(
                    "The object at " + name + " is a " + found.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(found);
    }
}
