package dev.switchboard.broker;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Publication;
import dev.switchboard.spi.Broker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's hub as a broker sees it, recording everything handed to it: publications per channel in arrival order,
 * broadcasts, group messages, messages to connections and disconnects. It owns one connection id and one user so
 * targeted requests can be told apart by node.
 */
public final class RecordingDelivery implements Broker.Delivery {

    final String connectionId;
    final String user;
    final Map<String, List<Publication>> publications = new ConcurrentHashMap<>();
    final List<String> broadcasts = new CopyOnWriteArrayList<>();
    final List<String> groupMessages = new CopyOnWriteArrayList<>();
    final List<String> connectionMessages = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    // Set while a publication is being delivered, to detect two deliveries of one channel at once.
    private final Map<String, Boolean> delivering = new ConcurrentHashMap<>();
    volatile boolean overlapped;
    /** When the broker was handed each publication it delivers with that time (this node's own). */
    final List<Long> handedNanos = new CopyOnWriteArrayList<>();
    /** When other nodes sent the publications that arrived here, as they told. */
    final List<Long> sentMillis = new CopyOnWriteArrayList<>();

    /**
     * Creates a recorder.
     *
     * @param connectionId the id of the one connection this node holds
     * @param user         the principal name of that connection
     */
    public RecordingDelivery(String connectionId, String user) {
        this.connectionId = connectionId;
        this.user = user;
    }

    List<Publication> of(String channel) {
        return publications.getOrDefault(channel, List.of());
    }

    @Override
    public int deliverPublication(Publication publication, long handed) {
        handedNanos.add(handed);
        return deliverPublication(publication);
    }

    @Override
    public void remotePublicationArrived(long sentEpochMillis) {
        sentMillis.add(sentEpochMillis);
    }

    @Override
    public int deliverPublication(Publication publication) {
        if (delivering.putIfAbsent(publication.channel(), Boolean.TRUE) != null) {
            overlapped = true;
        }
        try {
            publications
                    .computeIfAbsent(publication.channel(), c -> new CopyOnWriteArrayList<>())
                    .add(publication);
            return 1;
        } finally {
            delivering.remove(publication.channel());
        }
    }

    @Override
    public int deliverBroadcast(Object payload, Audience audience) {
        broadcasts.add(String.valueOf(payload));
        return 1;
    }

    @Override
    public int deliverToGroups(String groupPattern, String text) {
        groupMessages.add(groupPattern + ":" + text);
        return 1;
    }

    @Override
    public boolean deliverToConnection(String id, Object payload) {
        if (!connectionId.equals(id)) {
            return false;
        }
        connectionMessages.add(String.valueOf(payload));
        return true;
    }

    @Override
    public boolean disconnect(String id, int code, String reason) {
        if (!connectionId.equals(id)) {
            return false;
        }
        disconnects.add(id + " " + code);
        return true;
    }

    @Override
    public boolean abort(String id) {
        if (!connectionId.equals(id)) {
            return false;
        }
        disconnects.add(id + " aborted");
        return true;
    }

    @Override
    public boolean drain(String id, java.time.Duration timeout) {
        if (!connectionId.equals(id)) {
            return false;
        }
        disconnects.add(id + " drained within " + timeout.toMillis() + " ms");
        return true;
    }

    @Override
    public int disconnectUser(String name, Optional<Instant> identityExpiry, int code, String reason) {
        if (!user.equals(name)) {
            return 0;
        }
        disconnects.add(name + " " + code);
        return 1;
    }
}
