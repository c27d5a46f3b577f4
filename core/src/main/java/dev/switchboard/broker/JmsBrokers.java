package dev.switchboard.broker;

import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.Scheduler;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Builds the cluster broker from its JNDI resources. Kept apart from {@link BrokerProducer} so that only a
 * deployment with clustering on loads Jakarta Messaging classes.
 */
final class JmsBrokers {

    private JmsBrokers() {}

    /** Looks the resources up and creates the broker; a missing resource names the key to set. */
    static JmsBroker create(
            ClusterSettings cluster,
            BrokerSettings settings,
            HistoryStore store,
            Scheduler scheduler,
            ClusterInbox inbox,
            Consumer<Broker.Announcement> announcements) {
        ConnectionFactory factory = lookup(cluster.connectionFactory(), ConnectionFactory.class, "connection factory");
        Function<JMSContext, Topic> topic;
        if (cluster.topic().startsWith("java:")) {
            Topic bound = lookup(cluster.topic(), Topic.class, "topic");
            topic = context -> bound;
        } else {
            String name = cluster.topic();
            topic = context -> context.createTopic(name);
        }
        return new JmsBroker(cluster, settings, store, scheduler, () -> factory, topic, inbox, announcements);
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
