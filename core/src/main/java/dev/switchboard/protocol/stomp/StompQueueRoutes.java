package dev.switchboard.protocol.stomp;

import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker.Announcement;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which node of a cluster delivers each {@code /queue/} message, so that exactly one STOMP subscriber in the whole
 * cluster gets it. Each node announces the queues it has subscribers for ({@value #SUBJECT} announcements: at once
 * when a queue gets its first or loses its last subscriber here, and all of them again every third of the lease);
 * every node remembers the others' interest until its lease runs out, so a node that died stops being chosen within
 * one lease. The node a STOMP client SENDs to picks the target among the nodes with interest (itself included),
 * round robin per queue, and names it in the publication's {@value #TARGET} property; only that node delivers, to
 * one of its own subscribers.
 *
 * <p>Thread-safe: the maps are concurrent; a target is picked on the sender's inbound thread, announcements arrive
 * on the broker's receiving thread.
 */
final class StompQueueRoutes {

    /** The announcement subject. */
    static final String SUBJECT = "stomp.queues";
    /** The publication property naming the node that delivers a queue message. */
    static final String TARGET = "stomp.queue-node";

    /** Most characters of one announcement body; a longer one is ignored. */
    static final int MAX_BODY = 65_536;
    /** Queue names per announcement, so a body stays well under {@link #MAX_BODY} with the longest names. */
    private static final int NAMES_PER_ANNOUNCEMENT = 50;
    /** Most (queue, node) interests remembered; past it new ones are ignored until leases run out. */
    static final int MAX_REMOTE = 100_000;

    private static final System.Logger LOG = System.getLogger(StompQueueRoutes.class.getName());

    /** The other nodes' interest in one queue, and the queue's round robin turn. */
    private static final class Interest {
        final ConcurrentHashMap<String, Long> leases = new ConcurrentHashMap<>();
        final AtomicInteger turn = new AtomicInteger();
    }

    private final String nodeId;
    private final long leaseNanos;
    private final ConcurrentHashMap<String, Interest> remote = new ConcurrentHashMap<>();
    private final AtomicInteger remoteCount = new AtomicInteger();

    StompQueueRoutes(String nodeId, Duration lease) {
        this.nodeId = nodeId;
        this.leaseNanos = lease.toNanos();
    }

    String nodeId() {
        return nodeId;
    }

    /**
     * The node that delivers the next message of a queue: round robin over the nodes with interest, this node among
     * them when it has subscribers of the queue; this node when no node is known to have any (the message is then
     * dropped here, as a queue message without subscribers is).
     *
     * @param queue the queue's channel
     * @param here  whether this node has subscribers of the queue
     * @return the node id
     */
    String target(String queue, boolean here) {
        Interest interest = remote.get(queue);
        if (interest == null) {
            return nodeId;
        }
        long now = System.nanoTime();
        List<String> nodes = new ArrayList<>(interest.leases.size() + 1);
        for (Map.Entry<String, Long> lease : interest.leases.entrySet()) {
            if (lease.getValue() - now > 0) {
                nodes.add(lease.getKey());
            } else if (interest.leases.remove(lease.getKey(), lease.getValue())) {
                remoteCount.decrementAndGet();
            }
        }
        if (here) {
            nodes.add(nodeId);
        }
        if (nodes.isEmpty()) {
            return nodeId;
        }
        // Every node's view is ordered alike, so the turns spread over the same list.
        nodes.sort(null);
        return nodes.get(Math.floorMod(interest.turn.getAndIncrement(), nodes.size()));
    }

    /**
     * The announcements that tell the other nodes of this node's interest in queues, or of its end.
     *
     * @param queues the queues' channels
     * @param gone   true when this node has no subscriber of them any more
     * @return the announcements, each with a bounded number of names
     */
    List<Announcement> announcements(Collection<String> queues, boolean gone) {
        List<Announcement> out = new ArrayList<>();
        JsonArrayBuilder names = Json.createArrayBuilder();
        int count = 0;
        for (String queue : queues) {
            names.add(queue);
            if (++count == NAMES_PER_ANNOUNCEMENT) {
                out.add(announcement(names, gone));
                names = Json.createArrayBuilder();
                count = 0;
            }
        }
        if (count > 0) {
            out.add(announcement(names, gone));
        }
        return out;
    }

    private Announcement announcement(JsonArrayBuilder names, boolean gone) {
        JsonObject body = Json.createObjectBuilder()
                .add("node", nodeId)
                .add("gone", gone)
                .add("queues", names)
                .build();
        return new Announcement(SUBJECT, body.toString());
    }

    /**
     * Takes another node's announcement of its queue interest; a malformed one is logged and ignored.
     *
     * @param announcement the announcement, of subject {@value #SUBJECT}
     */
    void announced(Announcement announcement) {
        JsonObject body = AnnouncementBodies.object(announcement.body(), MAX_BODY)
                .filter(object -> object.get("node") instanceof JsonString
                        && object.get("queues") != null
                        && object.get("queues").getValueType() == JsonValue.ValueType.ARRAY
                        && (object.get("gone") == JsonValue.TRUE || object.get("gone") == JsonValue.FALSE))
                .orElse(null);
        if (body == null) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a malformed {0} announcement", SUBJECT);
            return;
        }
        String node = body.getString("node");
        if (node.equals(nodeId)) {
            return;
        }
        boolean gone = body.getBoolean("gone");
        long until = System.nanoTime() + leaseNanos;
        int skipped = 0;
        for (JsonValue value : body.getJsonArray("queues")) {
            if (!(value instanceof JsonString name)) {
                continue;
            }
            String queue = name.getString();
            if (gone) {
                Interest interest = remote.get(queue);
                if (interest != null && interest.leases.remove(node) != null) {
                    remoteCount.decrementAndGet();
                }
                continue;
            }
            if (remoteCount.get() >= MAX_REMOTE) {
                Interest known = remote.get(queue);
                if (known == null || !known.leases.containsKey(node)) {
                    skipped++;
                    continue;
                }
            }
            // Under the map's lock for the queue, so a sweep cannot drop the interest this lease goes into.
            remote.compute(queue, (q, interest) -> {
                Interest current = interest == null ? new Interest() : interest;
                if (current.leases.put(node, until) == null) {
                    remoteCount.incrementAndGet();
                }
                return current;
            });
        }
        if (skipped > 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "More than {0} remote queue interests: {1} of node {2} not remembered",
                    MAX_REMOTE,
                    skipped,
                    LogSafe.of(node));
        }
    }

    /** Forgets the leases that ran out and the queues nobody else has interest in. */
    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<String, Interest> entry : remote.entrySet()) {
            Interest interest = entry.getValue();
            for (Map.Entry<String, Long> lease : interest.leases.entrySet()) {
                if (lease.getValue() - now <= 0 && interest.leases.remove(lease.getKey(), lease.getValue())) {
                    remoteCount.decrementAndGet();
                }
            }
            if (interest.leases.isEmpty()) {
                remote.computeIfPresent(entry.getKey(), (queue, current) -> current.leases.isEmpty() ? null : current);
            }
        }
    }
}
