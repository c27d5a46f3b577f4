package dev.switchboard.protocol.sgc;

import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The QoS state of one sgc connection: server messages waiting for an acknowledgment, and QoS 2 messages of the
 * client waiting for their release. The inbound thread and the retry scan both touch it, so every access holds
 * the lock (a {@link ReentrantLock}: virtual threads may hold it).
 *
 * <p>Stored QoS 2 messages are what the client controls: budgeted by count and bytes ({@link SgcBudgets.Budget}),
 * refused beyond. The server's own maps (tracked messages, remembered QoS 2 ids) are bounded by
 * {@link #MAX_ENTRIES}, oldest entry dropped first, so a client that never acknowledges cannot grow the server's
 * memory without limit either.
 */
final class QosState {

    /** Bound of each map (tracked messages, stored QoS 2 messages, remembered QoS 2 ids). */
    static final int MAX_ENTRIES = 1024;

    private record Tracked(WireId id, String text, Instant sentAt) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Tracked> tracked = new LinkedHashMap<>();
    private final LinkedHashMap<String, SgcMessage> stored = new LinkedHashMap<>();
    private final LinkedHashMap<String, Instant> released = new LinkedHashMap<>();
    private long storedBytes;

    /** What {@link #store} did with a QoS 2 message. */
    enum Stored {
        /** Kept until its release (or replaced an earlier copy with the same id). */
        KEPT,
        /** The id was released already: the retry must not be processed again. */
        ALREADY_RELEASED,
        /** Keeping it would exceed the connection's budget; nothing was kept. */
        OVER_BUDGET
    }

    // ---- server -> client QoS ------------------------------------------------------------------------

    /** Remembers a sent server message until the client acknowledges its id; a second one replaces the first. */
    void track(WireId id, String text, Instant now) {
        lock.lock();
        try {
            tracked.remove(id.key());
            tracked.put(id.key(), new Tracked(id, text, now));
            trim(tracked);
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the text re-sent for a tracked id (the pubrel that follows a client's pubrec). */
    boolean retrack(WireId id, String text, Instant now) {
        lock.lock();
        try {
            if (!tracked.containsKey(id.key())) {
                return false;
            }
            tracked.put(id.key(), new Tracked(id, text, now));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The client acknowledged an id. */
    void acknowledged(String id) {
        lock.lock();
        try {
            tracked.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** The number of unacknowledged server messages. */
    int trackedCount() {
        lock.lock();
        try {
            return tracked.size();
        } finally {
            lock.unlock();
        }
    }

    /** The tracked messages sent at least {@code timeout} ago; they count as sent again now. */
    List<String> due(Instant now, Duration timeout) {
        lock.lock();
        try {
            List<String> due = new ArrayList<>();
            for (Map.Entry<String, Tracked> entry : tracked.entrySet()) {
                Tracked item = entry.getValue();
                if (!item.sentAt().plus(timeout).isAfter(now)) {
                    due.add(item.text());
                    entry.setValue(new Tracked(item.id(), item.text(), now));
                }
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    // ---- client -> server QoS 2 ----------------------------------------------------------------------

    /**
     * Stores a QoS 2 message until its release, replacing an earlier one with the same id (a retry), within the
     * connection's budget of waiting messages and bytes.
     *
     * @param message the message, with an id
     * @param budget  the connection's budget
     * @return what happened
     */
    Stored store(SgcMessage message, SgcBudgets.Budget budget) {
        lock.lock();
        try {
            String id = message.id().key();
            if (released.containsKey(id)) {
                return Stored.ALREADY_RELEASED;
            }
            SgcMessage earlier = stored.get(id);
            long size = SgcBudgets.size(message.raw());
            long bytes = storedBytes - (earlier == null ? 0 : SgcBudgets.size(earlier.raw())) + size;
            int count = stored.size() + (earlier == null ? 1 : 0);
            if (count > budget.qosMessages() || bytes > budget.qosBytes()) {
                return Stored.OVER_BUDGET;
            }
            stored.remove(id);
            stored.put(id, message);
            storedBytes = bytes;
            return Stored.KEPT;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the stored message of a released id and remembers the id as released; null when none is stored. */
    SgcMessage release(String id, Instant now) {
        lock.lock();
        try {
            SgcMessage message = stored.remove(id);
            if (message != null) {
                storedBytes -= SgcBudgets.size(message.raw());
                released.put(id, now);
                trim(released);
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The QoS 2 part of a connection's state, taken out of it when the connection closes so that the next
     * connection of the same QoS session can take it over. Not shared: whoever holds it owns the maps.
     *
     * @param stored      the QoS 2 messages waiting for their release, by id, oldest first
     * @param released    the released ids and when they were released, oldest first
     * @param storedBytes the bytes of the stored messages, as the budgets count them
     */
    record Qos2Part(
            LinkedHashMap<String, SgcMessage> stored, LinkedHashMap<String, Instant> released, long storedBytes) {

        /** Whether there is nothing to keep. */
        boolean isEmpty() {
            return stored.isEmpty() && released.isEmpty();
        }
    }

    /** Whether the connection stored or released any QoS 2 message of the client. */
    boolean hasQos2() {
        lock.lock();
        try {
            return !stored.isEmpty() || !released.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the QoS 2 part out of this state, leaving it empty. */
    Qos2Part detachQos2() {
        lock.lock();
        try {
            Qos2Part part = new Qos2Part(new LinkedHashMap<>(stored), new LinkedHashMap<>(released), storedBytes);
            stored.clear();
            released.clear();
            storedBytes = 0;
            return part;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes over the QoS 2 part an earlier connection of the same QoS session left; this state's own QoS 2 part
     * must be empty (a session is named before the connection's first QoS 2 message).
     */
    void adoptQos2(Qos2Part part) {
        lock.lock();
        try {
            if (!stored.isEmpty() || !released.isEmpty()) {
                throw new IllegalStateException("the connection already has QoS 2 state of its own");
            }
            stored.putAll(part.stored());
            released.putAll(part.released());
            storedBytes = part.storedBytes();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets released ids older than {@code age}; a retry after that long is treated as a new message. */
    void forgetReleased(Instant now, Duration age) {
        lock.lock();
        try {
            released.values().removeIf(at -> !at.plus(age).isAfter(now));
        } finally {
            lock.unlock();
        }
    }

    private static void trim(LinkedHashMap<String, ?> map) {
        Iterator<String> oldest = map.keySet().iterator();
        while (map.size() > MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
