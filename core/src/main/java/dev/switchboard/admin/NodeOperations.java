package dev.switchboard.admin;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Transport;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.Traffic;
import dev.switchboard.log.LogSafe;
import dev.switchboard.ops.Drain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator does to a node, shared by the admin REST API and the MBeans so both validate alike and log every
 * change with the acting user: closing connections, sending to one, and starting or cancelling a drain.
 */
public final class NodeOperations {

    /** The longest close reason, in UTF-8 bytes (RFC 6455 section 5.5: a control frame carries at most 125). */
    public static final int MAX_REASON_BYTES = 123;

    private static final System.Logger LOG = System.getLogger(NodeOperations.class.getName());

    private final Hub hub;
    private final ConnectionRegistry registry;
    private final Drain drain;
    private final ClusterSettings cluster;
    private final Duration defaultDrainWait;

    /**
     * Creates the operations over a node's beans.
     *
     * @param hub              the hub (the gateway over the broker)
     * @param registry         the node's open connections
     * @param drain            the node's drain state
     * @param cluster          the cluster settings, for the node id
     * @param defaultDrainWait the wait of a drain started without its own
     */
    public NodeOperations(
            Hub hub, ConnectionRegistry registry, Drain drain, ClusterSettings cluster, Duration defaultDrainWait) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.drain = Objects.requireNonNull(drain, "drain");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.defaultDrainWait = Objects.requireNonNull(defaultDrainWait, "defaultDrainWait");
    }

    /** The hub. */
    Hub hub() {
        return hub;
    }

    /** The node's open connections. */
    ConnectionRegistry registry() {
        return registry;
    }

    /** The node's drain. */
    Drain drain() {
        return drain;
    }

    /** The default drain wait. */
    Duration defaultDrainWait() {
        return defaultDrainWait;
    }

    /** This node's id in the cluster (the host name unless configured). */
    String nodeId() {
        return cluster.nodeId();
    }

    /** Open connections of one transport. */
    long count(Transport transport) {
        return registry.hubSnapshot().stream()
                .filter(c -> c.transport() == transport)
                .count();
    }

    /** The traffic since the start, summed over every kind of connection. */
    long[] totals() {
        long[] sum = new long[4];
        for (Traffic traffic : registry.traffic()) {
            sum[0] += traffic.messagesIn();
            sum[1] += traffic.messagesOut();
            sum[2] += traffic.bytesIn();
            sum[3] += traffic.bytesOut();
        }
        return sum;
    }

    /**
     * Why a close code or reason is refused.
     *
     * @param code   the close code
     * @param reason the reason
     * @return the refusal, or empty when both are acceptable
     */
    public static Optional<String> closeRefusal(int code, String reason) {
        boolean allowed =
                code == 1000 || code == 1001 || code == 1008 || code == 1011 || (code >= 4000 && code <= 4999);
        if (!allowed) {
            return Optional.of("code must be 1000, 1001, 1008, 1011 or 4000-4999, not " + code);
        }
        if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            return Optional.of("reason must have at most " + MAX_REASON_BYTES + " bytes of UTF-8");
        }
        return Optional.empty();
    }

    /**
     * Closes one of this node's connections.
     *
     * @param id     the connection id
     * @param code   the close code, already {@linkplain #closeRefusal checked}
     * @param reason the reason
     * @param actor  who asks, for the log
     * @return false when no such connection is open here
     */
    public boolean closeConnection(String id, int code, String reason, String actor) {
        requireAcceptable(code, reason);
        Optional<Connection> connection = registry.find(id);
        if (connection.isEmpty()) {
            return false;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "{0} closes connection {1} with {2} ({3})",
                LogSafe.of(actor),
                LogSafe.of(id),
                code,
                LogSafe.of(reason));
        connection.get().close(code, reason);
        return true;
    }

    /**
     * Cuts one of this node's connections without a close handshake (see {@link Hub#abort}).
     *
     * @param id    the connection id
     * @param actor who asks, for the log
     * @return false when no such connection is open here
     */
    public boolean abortConnection(String id, String actor) {
        LOG.log(System.Logger.Level.INFO, "{0} aborts connection {1}", LogSafe.of(actor), LogSafe.of(id));
        return hub.abort(id);
    }

    /**
     * Drains one of this node's connections (see {@link Hub#drain}): what is queued to it is sent, then it closes
     * with 4001.
     *
     * @param id    the connection id
     * @param wait  how long the queued messages may take; empty for the node's default drain wait
     * @param actor who asks, for the log
     * @return false when no such connection is open here, or it is draining already
     */
    public boolean drainConnection(String id, Optional<Duration> wait, String actor) {
        Duration timeout = wait.orElse(defaultDrainWait);
        LOG.log(
                System.Logger.Level.INFO,
                "{0} drains connection {1} (at most {2} s)",
                LogSafe.of(actor),
                LogSafe.of(id),
                timeout.toSeconds());
        return hub.drain(id, timeout);
    }

    /**
     * Closes every connection of a user, on every node of the cluster.
     *
     * @param user   the principal name
     * @param code   the close code, already {@linkplain #closeRefusal checked}
     * @param reason the reason
     * @param actor  who asks, for the log
     * @return the number of connections closed on this node
     */
    public int closeUser(String user, int code, String reason, String actor) {
        requireAcceptable(code, reason);
        int closed = hub.disconnectUser(user, Optional.empty(), code, reason);
        LOG.log(
                System.Logger.Level.INFO,
                "{0} closes the connections of user {1} with {2} ({3}): {4} on this node",
                LogSafe.of(actor),
                LogSafe.of(user),
                code,
                LogSafe.of(reason),
                closed);
        return closed;
    }

    /**
     * Queues a text message for one of this node's connections.
     *
     * @param id    the connection id
     * @param text  the message
     * @param actor who asks, for the log
     * @return false when no such connection is open here
     */
    public boolean send(String id, String text, String actor) {
        if (registry.find(id).isEmpty()) {
            return false;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "{0} sends {1} characters to connection {2}",
                LogSafe.of(actor),
                text.length(),
                LogSafe.of(id));
        return hub.send(id, text);
    }

    /**
     * Starts draining the node.
     *
     * @param wait  how long clients get, or empty for the configured default
     * @param actor who asks
     * @return the new state, or empty when the node was already draining
     */
    public Optional<Drain.Status> startDrain(Optional<Duration> wait, String actor) {
        return drain.start(wait.orElse(defaultDrainWait), actor);
    }

    /**
     * Cancels a drain.
     *
     * @param actor who asks
     * @return false when the node was not draining
     */
    public boolean cancelDrain(String actor) {
        return drain.cancel(actor);
    }

    private static void requireAcceptable(int code, String reason) {
        closeRefusal(code, reason).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
    }

    /** The names of the node's channels, sorted. */
    List<String> channels() {
        return hub.channels().stream().sorted().toList();
    }
}
