package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;
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
 * The sgc state of one connection: server messages waiting for an acknowledgment, QoS 2 messages waiting for
 * their release, and open transactions. The inbound thread and the QoS retry thread both touch it, so every
 * access holds the lock (a {@link ReentrantLock}: virtual threads may hold it).
 *
 * <p>What the client controls is budgeted ({@link SgcBudgets.Budget}): stored QoS 2 messages and open
 * transactions by count and bytes, refused beyond the budget. The server's own maps (tracked messages,
 * remembered QoS 2 ids) are bounded by {@link #MAX_ENTRIES}, oldest entry dropped first, so a client that never
 * acknowledges cannot grow the server's memory without limit either.
 */
final class ConnectionState {

    /** Bound of each per-connection map (tracked messages, stored QoS 2 messages, remembered QoS 2 ids). */
    static final int MAX_ENTRIES = 1024;

    private record Tracked(WireId id, String text, Instant sentAt) {}

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Tracked> tracked = new LinkedHashMap<>();
    private final LinkedHashMap<String, SgcMessage> stored = new LinkedHashMap<>();
    private final LinkedHashMap<String, Instant> released = new LinkedHashMap<>();
    private final Map<String, List<SgcMessage>> transactions = new LinkedHashMap<>();
    private long storedBytes;
    private long transactionBytes;

    /** What {@link #store} did with a QoS 2 message. */
    enum Stored {
        /** Kept until its release (or replaced an earlier copy with the same id). */
        KEPT,
        /** The id was released already: the retry must not be processed again. */
        ALREADY_RELEASED,
        /** Keeping it would exceed the connection's budget; nothing was kept. */
        OVER_BUDGET
    }

    /** What {@link #enqueue} did with a message of an open transaction. */
    enum Enqueued {
        /** Queued in the transaction. */
        QUEUED,
        /** The transaction holds its most messages already. */
        FULL,
        /** Queueing it would exceed the connection's budget of transaction bytes. */
        OVER_BUDGET
    }

    ConnectionState(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
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

    /** Forgets released ids older than {@code age}; a retry after that long is treated as a new message. */
    void forgetReleased(Instant now, Duration age) {
        lock.lock();
        try {
            released.values().removeIf(at -> !at.plus(age).isAfter(now));
        } finally {
            lock.unlock();
        }
    }

    // ---- transactions --------------------------------------------------------------------------------

    /**
     * Opens a transaction on a channel ({@code ""} for channel-less messages); an open one stays as it is.
     *
     * @param channel the channel key
     * @param budget  the connection's budget
     * @return false when the connection holds its most open transactions already (nothing was opened)
     */
    boolean begin(String channel, SgcBudgets.Budget budget) {
        lock.lock();
        try {
            if (transactions.containsKey(channel)) {
                return true;
            }
            if (transactions.size() >= budget.transactions()) {
                return false;
            }
            transactions.put(channel, new ArrayList<>());
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Tells whether a transaction is open on a channel. */
    boolean inTransaction(String channel) {
        lock.lock();
        try {
            return transactions.containsKey(channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a message in the open transaction of its channel.
     *
     * @param message the message
     * @param max     most messages of one transaction
     * @param budget  the connection's budget
     * @return what happened
     */
    Enqueued enqueue(SgcMessage message, int max, SgcBudgets.Budget budget) {
        lock.lock();
        try {
            List<SgcMessage> queued = transactions.get(message.channelKey());
            if (queued.size() >= max) {
                return Enqueued.FULL;
            }
            long size = SgcBudgets.size(message.raw());
            if (transactionBytes + size > budget.transactionBytes()) {
                return Enqueued.OVER_BUDGET;
            }
            queued.add(message);
            transactionBytes += size;
            return Enqueued.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the transaction of a channel and returns what it queued, in order (empty when none was open). */
    List<SgcMessage> end(String channel) {
        lock.lock();
        try {
            List<SgcMessage> queued = transactions.remove(channel);
            if (queued == null) {
                return List.of();
            }
            for (SgcMessage message : queued) {
                transactionBytes -= SgcBudgets.size(message.raw());
            }
            return queued;
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
