package dev.switchboard.cluster;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * The cluster's settings, read once at startup from the {@code switchboard.cluster.*} keys of {@link ConfigKeys}.
 *
 * @param enabled           whether this node joins a cluster
 * @param nodeId            this node's id, unique in the cluster
 * @param connectionFactory the JNDI name of the Jakarta Messaging connection factory
 * @param topic             the cluster topic: a JNDI name when it starts with {@code java:}, else the topic's name
 * @param receiver          who receives the topic
 * @param reorderWait       how long a publication ahead of its channel's next offset waits for the earlier ones
 * @param reconnectMin      the first wait before reconnecting a lost link
 * @param reconnectMax      the longest wait between reconnection attempts
 */
public record ClusterSettings(
        boolean enabled,
        String nodeId,
        String connectionFactory,
        String topic,
        Receiver receiver,
        Duration reorderWait,
        Duration reconnectMin,
        Duration reconnectMax) {

    /** Who consumes the cluster topic on this node. */
    public enum Receiver {
        /** Switchboard opens its own consumer with a message listener (embedded, or a WAR outside an EJB module). */
        LISTENER,
        /** The EJB module's message-driven bean receives the topic and hands each message to {@link ClusterInbox}. */
        MDB
    }

    /** Default {@link #connectionFactory}: WildFly's pooled connection factory. */
    public static final String DEFAULT_CONNECTION_FACTORY = "java:/JmsXA";
    /** Default {@link #topic}. */
    public static final String DEFAULT_TOPIC = "switchboard.cluster";
    /** Default {@link #reorderWait}. */
    public static final Duration DEFAULT_REORDER_WAIT = Duration.ofMillis(200);
    /** Default {@link #reconnectMin}. */
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    /** Default {@link #reconnectMax}. */
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);

    /** Validates. */
    public ClusterSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(reorderWait, "reorderWait");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (nodeId.isBlank() || nodeId.length() > 64) {
            throw new IllegalArgumentException("The node id must have 1 to 64 characters: '" + nodeId + "'");
        }
        if (reorderWait.isNegative() || reconnectMin.isNegative() || reconnectMin.isZero()) {
            throw new IllegalArgumentException("reorder-wait must not be negative and reconnect-min must be positive");
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect-max must not be below reconnect-min");
        }
    }

    /**
     * Clustering off.
     *
     * @return settings with {@link #enabled} false and the defaults
     */
    public static ClusterSettings disabled() {
        return new ClusterSettings(
                false,
                generatedNodeId(),
                DEFAULT_CONNECTION_FACTORY,
                DEFAULT_TOPIC,
                Receiver.LISTENER,
                DEFAULT_REORDER_WAIT,
                DEFAULT_RECONNECT_MIN,
                DEFAULT_RECONNECT_MAX);
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static ClusterSettings read(ConfigReader reader) {
        String fallbackId = System.getProperty("jboss.node.name", generatedNodeId());
        return new ClusterSettings(
                reader.getBoolean(ConfigKeys.CLUSTER_ENABLED, false),
                reader.getString(ConfigKeys.CLUSTER_NODE_ID, fallbackId),
                reader.getString(ConfigKeys.CLUSTER_CONNECTION_FACTORY, DEFAULT_CONNECTION_FACTORY),
                reader.getString(ConfigKeys.CLUSTER_TOPIC, DEFAULT_TOPIC),
                Receiver.valueOf(reader.getChoice(ConfigKeys.CLUSTER_RECEIVER, "listener", "listener", "mdb")
                        .toUpperCase(java.util.Locale.ROOT)),
                Duration.ofMillis(reader.getLong(ConfigKeys.CLUSTER_REORDER_WAIT, DEFAULT_REORDER_WAIT.toMillis())),
                Duration.ofMillis(reader.getLong(ConfigKeys.CLUSTER_RECONNECT_MIN, DEFAULT_RECONNECT_MIN.toMillis())),
                Duration.ofMillis(reader.getLong(ConfigKeys.CLUSTER_RECONNECT_MAX, DEFAULT_RECONNECT_MAX.toMillis())));
    }

    private static String generatedNodeId() {
        return "node-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
