package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every open connection of this node, by id. Transports add a connection when it opens and remove it when it
 * closes; snapshots are safe under concurrent connects and disconnects. The hub resolves an application's
 * {@link Connection} to its own {@link HubConnection} here, by id.
 *
 * <p>It also keeps the {@link Traffic} of connections that have closed, so that totals since the start cost nothing
 * on the message path: the connections count their own traffic, and a closing connection's counters move here.
 * Adding and removing take the shared side of a read-write lock and {@link #traffic()} the exclusive one, so a
 * reading never sees a connection both open and moved (counted twice) or neither (missing), and the totals never
 * go down.
 */
@ApplicationScoped
public class ConnectionRegistry {

    @Inject
    Instance<SubprotocolRegistry> protocols;

    private volatile Set<String> prefixable;

    private record Kind(Transport transport, String subprotocol) {}

    /** What closed connections of one kind left behind. */
    private static final class Closed {
        final LongAdder opened = new LongAdder();
        final LongAdder messagesIn = new LongAdder();
        final LongAdder messagesOut = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
    }

    private final ConcurrentHashMap<String, HubConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Kind, Closed> closed = new ConcurrentHashMap<>();
    private final ReadWriteLock accounting = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<Integer, LongAdder> closes = new ConcurrentHashMap<>();

    /**
     * Registers an opened connection.
     *
     * @param connection the connection
     */
    public void add(HubConnection connection) {
        accounting.readLock().lock();
        try {
            connections.put(connection.id(), connection);
        } finally {
            accounting.readLock().unlock();
        }
    }

    /**
     * Forgets a closed connection.
     *
     * @param connection the connection
     */
    public void remove(Connection connection) {
        accounting.readLock().lock();
        try {
            if (connections.remove(connection.id(), connection)) {
                ConnectionStats stats = connection.stats();
                Closed kind = closed.computeIfAbsent(kindOf(connection), k -> new Closed());
                kind.opened.increment();
                kind.messagesIn.add(stats.messagesIn());
                kind.messagesOut.add(stats.messagesOut());
                kind.bytesIn.add(stats.bytesIn());
                kind.bytesOut.add(stats.bytesOut());
            }
        } finally {
            accounting.readLock().unlock();
        }
    }

    /**
     * The traffic since the start, by transport and subprotocol. It walks the open connections once, holding back
     * connects and closes meanwhile (not messages), so it is for scrapes and operator views, not the message path.
     *
     * @return one entry per kind of connection seen since the start
     */
    public List<Traffic> traffic() {
        Map<Kind, long[]> sums = new HashMap<>();
        accounting.writeLock().lock();
        try {
            for (HubConnection connection : connections.values()) {
                ConnectionStats stats = connection.stats();
                long[] sum = sums.computeIfAbsent(kindOf(connection), k -> new long[6]);
                sum[0]++;
                sum[1]++;
                sum[2] += stats.messagesIn();
                sum[3] += stats.messagesOut();
                sum[4] += stats.bytesIn();
                sum[5] += stats.bytesOut();
            }
            closed.forEach((kind, gone) -> {
                long[] sum = sums.computeIfAbsent(kind, k -> new long[6]);
                sum[1] += gone.opened.sum();
                sum[2] += gone.messagesIn.sum();
                sum[3] += gone.messagesOut.sum();
                sum[4] += gone.bytesIn.sum();
                sum[5] += gone.bytesOut.sum();
            });
        } finally {
            accounting.writeLock().unlock();
        }
        List<Traffic> traffic = new ArrayList<>(sums.size());
        sums.forEach((kind, sum) -> traffic.add(
                new Traffic(kind.transport(), kind.subprotocol(), sum[0], sum[1], sum[2], sum[3], sum[4], sum[5])));
        return traffic;
    }

    /**
     * Counts a close by its code; the hub calls it once per closed connection.
     *
     * @param code the close code the connection ended with
     */
    public void countClose(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /**
     * Closes since the start by close code (see {@link dev.switchboard.api.CloseCodes}); counts only grow.
     *
     * @return a snapshot, by code
     */
    public Map<Integer, Long> closes() {
        Map<Integer, Long> snapshot = new HashMap<>();
        closes.forEach((code, count) -> snapshot.put(code, count.sum()));
        return snapshot;
    }

    /**
     * The outbound queue depth of the open connections at this moment.
     *
     * @return the frames waiting over all connections and the most any one connection has waiting
     */
    public QueueDepth queueDepth() {
        long total = 0;
        int max = 0;
        for (HubConnection connection : connections.values()) {
            int queued = connection.stats().queued();
            total += queued;
            max = Math.max(max, queued);
        }
        return new QueueDepth(total, max);
    }

    /**
     * Frames waiting in the outbound queues, the ones in flight not counted.
     *
     * @param total over all open connections
     * @param max   of the connection with the most
     */
    public record QueueDepth(long total, int max) {}

    private Kind kindOf(Connection connection) {
        String name = connection.subprotocol().orElse(Traffic.NO_SUBPROTOCOL);
        // A prefix the client chose must not make meters of its own: a prefixed token counts under its protocol.
        return new Kind(
                connection.transport(),
                SubprotocolRegistry.matchingSuffix(prefixable(), name).orElse(name));
    }

    private Set<String> prefixable() {
        Set<String> names = prefixable;
        if (names == null) {
            names = protocols != null && protocols.isResolvable()
                    ? protocols.get().prefixable()
                    : Set.of();
            prefixable = names;
        }
        return names;
    }

    /**
     * Looks a connection up.
     *
     * @param id the connection id
     * @return the connection, or empty when it is unknown or closed
     */
    public Optional<Connection> find(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /**
     * Looks the hub's own object of a connection up.
     *
     * @param id the connection id
     * @return the connection, or empty when it is unknown or closed
     */
    public Optional<HubConnection> lookup(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /**
     * The number of open connections.
     *
     * @return the count
     */
    public int count() {
        return connections.size();
    }

    /**
     * The number of registered connections that are still open. A connection that is closed but not yet removed (its
     * transport is still finishing its handler) is left out: nothing is left to tell or close on it. Walks the
     * connections without copying them.
     *
     * @return the count
     */
    public int openCount() {
        int open = 0;
        for (HubConnection connection : connections.values()) {
            if (connection.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /**
     * A copy of the open connections at this moment.
     *
     * @return the connections
     */
    public List<Connection> snapshot() {
        return List.copyOf(connections.values());
    }

    /**
     * A copy of the open connections at this moment, as the hub works with them.
     *
     * @return the connections
     */
    public List<HubConnection> hubSnapshot() {
        return List.copyOf(connections.values());
    }

    /**
     * Closes every connection, for shutdown and undeploy.
     *
     * @param code   the close code
     * @param reason the reason
     */
    public void closeAll(int code, String reason) {
        for (Connection connection : snapshot()) {
            connection.close(code, reason);
        }
    }
}
