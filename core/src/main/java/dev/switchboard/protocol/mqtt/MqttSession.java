package dev.switchboard.protocol.mqtt;

import dev.switchboard.protocol.mqtt.MqttPacket.Ack;
import dev.switchboard.protocol.mqtt.MqttPacket.Publish;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's MQTT session (MQTT 5.0 §4.1): its subscriptions, the QoS 1 and 2 messages in flight to it and
 * queued for it, and the QoS 2 packet ids it has sent and not yet released. A persistent session outlives its
 * connection and keeps queueing; a clean one ends with it. Kept in memory on this node only.
 *
 * <p>Every field is guarded by {@link #lock}: deliveries arrive on publishers' threads while the client's own
 * packets are handled on its inbound thread. Nothing is published while the lock is held (publishing takes the
 * hub's channel locks, which deliveries hold when they take this one).
 */
final class MqttSession {

    /** The options of one subscription (MQTT 5.0 §3.8.3.1), and its subscription identifier (0 for none). */
    record Options(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling, int subscriptionId) {}

    /** A message sent to the client and not yet acknowledged; {@code released} once its PUBREL went out. */
    private static final class InFlight {
        final MqttMessage message;
        final int qos;
        final List<Integer> subscriptionIds;
        boolean released;

        InFlight(MqttMessage message, int qos, List<Integer> subscriptionIds) {
            this.message = message;
            this.qos = qos;
            this.subscriptionIds = subscriptionIds;
        }
    }

    /** A message waiting for the in-flight window or for the client to come back. */
    private record Queued(MqttMessage message, int qos, boolean retain, List<Integer> subscriptionIds) {}

    final ReentrantLock lock = new ReentrantLock();
    final String key;
    final String clientId;
    private final int maxQueued;

    private final Map<String, Options> subscriptions = new LinkedHashMap<>();
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private int nextPacketId = 1;
    private long dropped;

    /** The live connection, or null while the client is away. */
    MqttLink link;
    /** How long the session outlives its connection, in seconds (0: it ends with it). */
    long expirySeconds;
    /** When the session, away, is dropped. */
    Future<?> expiryTask;
    /** When an away client's will is published (MQTT 5 will delay). */
    Future<?> willTask;
    /** The will {@link #willTask} publishes, kept to publish it early when the session ends first. */
    Runnable pendingWill;
    /** Epoch milliseconds the client went away, 0 while connected. */
    long awaySince;

    MqttSession(String key, String clientId, int maxQueued) {
        this.key = key;
        this.clientId = clientId;
        this.maxQueued = maxQueued;
    }

    // ---- subscriptions (caller holds the lock) --------------------------------------------------------------

    /** Adds or replaces a subscription; true when it is new. */
    boolean subscribe(String filter, Options options) {
        return subscriptions.put(filter, options) == null;
    }

    boolean unsubscribe(String filter) {
        return subscriptions.remove(filter) != null;
    }

    Map<String, Options> subscriptions() {
        return subscriptions;
    }

    boolean hasSubscriptions() {
        return !subscriptions.isEmpty();
    }

    // ---- inbound QoS 2 (caller holds the lock) -----------------------------------------------------------

    /** Records a QoS 2 packet id received; false when it was already there (a resend: not delivered again). */
    boolean receivedQos2(int packetId) {
        return inboundQos2.add(packetId);
    }

    /** Forgets a released QoS 2 packet id; false when it was unknown. */
    boolean releasedQos2(int packetId) {
        return inboundQos2.remove(packetId);
    }

    int inboundQos2Count() {
        return inboundQos2.size();
    }

    // ---- outbound (caller holds the lock) -----------------------------------------------------------------

    /**
     * Delivers a publication that matched this session's subscriptions: at once when the client is here and the
     * window has room (QoS 0 always at once, or dropped while away), else queued, the oldest queued dropped beyond
     * the bound.
     */
    void deliver(MqttMessage message, int qos, boolean retain, List<Integer> subscriptionIds, long nowMillis) {
        if (message.expiredAt(nowMillis)) {
            return;
        }
        if (qos == 0) {
            if (link != null) {
                link.send(publishPacket(message, 0, 0, retain, subscriptionIds, false, nowMillis));
            }
            return;
        }
        if (link != null && queue.isEmpty() && inFlight.size() < link.sendWindow()) {
            send(new InFlight(message, qos, subscriptionIds), retain, nowMillis);
            return;
        }
        if (queue.size() >= maxQueued) {
            if (maxQueued == 0) {
                dropped++;
                return;
            }
            queue.pollFirst();
            dropped++;
        }
        queue.addLast(new Queued(message, qos, retain, subscriptionIds));
    }

    private void send(InFlight message, boolean retain, long nowMillis) {
        int id = nextId();
        inFlight.put(id, message);
        if (!link.send(
                publishPacket(message.message, message.qos, id, retain, message.subscriptionIds, false, nowMillis))) {
            // Too large for the client: discarded as if delivered (MQTT 5.0 §3.1.2.11.4), so it holds no window slot.
            inFlight.remove(id);
        }
    }

    private int nextId() {
        // The window is at most 65535, so a free id is found within one turn.
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        }
    }

    /** Sends queued messages while the window has room; expired ones are dropped. */
    void drain(long nowMillis) {
        while (link != null && !queue.isEmpty() && inFlight.size() < link.sendWindow()) {
            Queued next = queue.pollFirst();
            if (!next.message().expiredAt(nowMillis)) {
                send(new InFlight(next.message(), next.qos(), next.subscriptionIds()), next.retain(), nowMillis);
            }
        }
    }

    /** The client acknowledged a QoS 1 message (PUBACK) or completed a QoS 2 one (PUBCOMP). */
    boolean completed(int packetId, long nowMillis) {
        boolean known = inFlight.remove(packetId) != null;
        drain(nowMillis);
        return known;
    }

    /** The client received a QoS 2 message (PUBREC): it is released with PUBREL. False when the id is unknown. */
    boolean received(int packetId, boolean failed, long nowMillis) {
        InFlight message = inFlight.get(packetId);
        if (message == null) {
            return false;
        }
        if (failed) {
            // MQTT 5: a PUBREC with a failure code ends the flow (§4.3.3).
            inFlight.remove(packetId);
            drain(nowMillis);
            return true;
        }
        message.released = true;
        return true;
    }

    /**
     * Sends again what is in flight, after the client came back (MQTT 5.0 §4.4): PUBLISH with DUP, or PUBREL for
     * what was released; then the queue.
     */
    void resume(long nowMillis) {
        for (Map.Entry<Integer, InFlight> entry : inFlight.entrySet()) {
            InFlight message = entry.getValue();
            if (message.released) {
                link.send(new Ack(MqttPacket.PUBREL, entry.getKey(), 0, MqttProperties.EMPTY));
            } else {
                link.send(publishPacket(
                        message.message, message.qos, entry.getKey(), false, message.subscriptionIds, true, nowMillis));
            }
        }
        drain(nowMillis);
    }

    private Publish publishPacket(
            MqttMessage message,
            int qos,
            int packetId,
            boolean retain,
            List<Integer> subscriptionIds,
            boolean dup,
            long nowMillis) {
        MqttProperties props = MqttProperties.EMPTY;
        if (link.level() == MqttPacket.V5) {
            MqttProperties.Builder builder = message.properties().toBuilder();
            if (message.expiresAt() != 0) {
                builder.unsigned(MqttProperties.MESSAGE_EXPIRY_INTERVAL, message.secondsLeft(nowMillis));
            }
            subscriptionIds.forEach(builder::subscriptionId);
            props = builder.build();
        }
        return new Publish(dup, qos, retain, message.topic(), packetId, message.payload(), props);
    }

    int inFlightCount() {
        return inFlight.size();
    }

    int queuedCount() {
        return queue.size();
    }

    long droppedCount() {
        return dropped;
    }

    /** The ids in flight, for tests. */
    List<Integer> inFlightIds() {
        return new ArrayList<>(inFlight.keySet());
    }

    /** What the session's delivery needs of its live connection. */
    interface MqttLink {
        /** The protocol level (4 or 5). */
        int level();

        /** The client's Receive Maximum, capped by the server's in-flight bound. */
        int sendWindow();

        /**
         * Encodes and queues a packet; one larger than the client's Maximum Packet Size is dropped.
         *
         * @return false when it was dropped for its size
         */
        boolean send(MqttPacket packet);
    }
}
