package dev.switchboard.protocol.sgc;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.hub.ChannelMask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages kept per channel for late subscribers (sgc queue levels 1 and 2). Thread-safe.
 *
 * <p>Bounded three ways: each channel keeps at most {@code maxMessages}; the server keeps at most
 * {@code maxChannels} queues and {@code maxBytes} of messages, evicting the queues least recently written first
 * (a late subscriber of an evicted channel simply gets nothing replayed, as for a channel never queued); and a
 * client connection may create at most its budget of queues and have at most its budget of bytes kept, beyond
 * which its request is refused. The server-wide bounds evict rather than refuse so that one client filling them
 * cannot stop everyone else's queues; the per-connection budgets refuse so that the client learns it.
 *
 * <p>Queue-level publications are rare next to live ones, so one lock guards all of it and keeps the accounting
 * exact.
 */
final class ChannelQueues {

    /** A kept message with the concrete channel it was published to. */
    record Kept(String channel, String message) {}

    private record Item(String message, String owner, long size) {}

    private static final class Queue {
        final ArrayDeque<Item> messages = new ArrayDeque<>();
        final String creator;

        Queue(String creator) {
            this.creator = creator;
        }
    }

    private static final class Usage {
        int channels;
        long bytes;
    }

    private final ReentrantLock lock = new ReentrantLock();
    // Insertion order is write order: a written queue is moved to the end, so the first one is the eviction victim.
    private final LinkedHashMap<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Usage> usage = new HashMap<>();
    private final int maxMessages;
    private final int maxChannels;
    private final long maxBytes;
    private long totalBytes;
    private volatile boolean empty = true;

    ChannelQueues(int maxMessages, int maxChannels, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxChannels = maxChannels;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps a message in the queues of concrete channels at the given level (level 0 keeps nothing), all of them
     * or, when that would exceed the owner's budget, none.
     *
     * @param channels the concrete channels
     * @param message  the message
     * @param level    the queue level
     * @param owner    the publishing connection's id, or null for the server (no budget)
     * @param budget   the owner's budget, or null for the server
     * @return false when refused for the owner's budget
     */
    boolean keep(List<String> channels, String message, QueueLevel level, String owner, SgcBudgets.Budget budget) {
        if (level == QueueLevel.LEVEL0 || channels.isEmpty()) {
            return true;
        }
        long size = SgcBudgets.size(message);
        lock.lock();
        try {
            if (owner != null && budget != null && !fits(channels, level, owner, budget, size)) {
                return false;
            }
            for (String channel : channels) {
                Queue queue = queues.remove(channel);
                if (queue == null) {
                    queue = new Queue(owner);
                    if (owner != null) {
                        usage.computeIfAbsent(owner, o -> new Usage()).channels++;
                    }
                }
                queues.put(channel, queue);
                if (level == QueueLevel.LEVEL1) {
                    while (!queue.messages.isEmpty()) {
                        drop(queue.messages.removeFirst());
                    }
                }
                queue.messages.addLast(new Item(message, owner, size));
                totalBytes += size;
                if (owner != null) {
                    usage.computeIfAbsent(owner, o -> new Usage()).bytes += size;
                }
                while (queue.messages.size() > maxMessages) {
                    drop(queue.messages.removeFirst());
                }
                evictOverBounds(queue);
            }
            empty = queues.isEmpty();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether keeping the message in every channel stays within the owner's budget. Holds the lock. */
    private boolean fits(List<String> channels, QueueLevel level, String owner, SgcBudgets.Budget budget, long size) {
        Usage current = usage.get(owner);
        int ownedChannels = current == null ? 0 : current.channels;
        long ownedBytes = current == null ? 0 : current.bytes;
        int newChannels = 0;
        long freed = 0;
        for (String channel : channels) {
            Queue queue = queues.get(channel);
            if (queue == null) {
                newChannels++;
            } else if (level == QueueLevel.LEVEL1) {
                for (Item item : queue.messages) {
                    if (owner.equals(item.owner())) {
                        freed += item.size();
                    }
                }
            }
        }
        return ownedChannels + newChannels <= budget.queueChannels()
                && ownedBytes - freed + size * channels.size() <= budget.queueBytes();
    }

    /** Evicts the queues least recently written until the server-wide bounds hold; holds the lock. */
    private void evictOverBounds(Queue keep) {
        Iterator<Map.Entry<String, Queue>> oldest = queues.entrySet().iterator();
        while ((queues.size() > maxChannels || totalBytes > maxBytes) && oldest.hasNext()) {
            Map.Entry<String, Queue> entry = oldest.next();
            if (entry.getValue() == keep) {
                continue;
            }
            oldest.remove();
            forgetQueue(entry.getValue());
        }
        // Only the queue just written is left over the byte bound: shorten it from its oldest message.
        while (totalBytes > maxBytes && keep.messages.size() > 1) {
            drop(keep.messages.removeFirst());
        }
    }

    private void forgetQueue(Queue queue) {
        while (!queue.messages.isEmpty()) {
            drop(queue.messages.removeFirst());
        }
        if (queue.creator != null) {
            Usage creator = usage.get(queue.creator);
            if (creator != null) {
                creator.channels--;
            }
        }
    }

    private void drop(Item item) {
        totalBytes -= item.size();
        if (item.owner() != null) {
            Usage owner = usage.get(item.owner());
            if (owner != null) {
                owner.bytes -= item.size();
            }
        }
    }

    /**
     * Forgets what a closed connection owns: its kept messages stay for late subscribers but count against nobody.
     *
     * @param connectionId the connection
     */
    void forgetOwner(String connectionId) {
        lock.lock();
        try {
            usage.remove(connectionId);
        } finally {
            lock.unlock();
        }
    }

    /** Empties one channel's queue. */
    void clear(String channel) {
        lock.lock();
        try {
            Queue queue = queues.remove(channel);
            if (queue != null) {
                forgetQueue(queue);
            }
            empty = queues.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Tells whether any channel keeps messages (a fast path for subscriptions). */
    boolean isEmpty() {
        return empty;
    }

    /**
     * The messages to replay to a new subscriber of a channel or mask, oldest first per channel.
     *
     * @param name   the subscribed name
     * @param isMask whether the name is a mask (then every kept channel it matches is replayed)
     * @return the messages
     */
    List<Kept> replay(String name, boolean isMask) {
        List<Kept> replay = new ArrayList<>();
        lock.lock();
        try {
            if (isMask) {
                ChannelMask mask = ChannelMask.compile(name);
                for (Map.Entry<String, Queue> entry : queues.entrySet()) {
                    if (mask.matches(ChannelNames.foldedCodePoints(entry.getKey()))) {
                        copy(entry.getKey(), entry.getValue(), replay);
                    }
                }
            } else {
                Queue queue = queues.get(name);
                if (queue != null) {
                    copy(name, queue, replay);
                }
            }
        } finally {
            lock.unlock();
        }
        return replay;
    }

    private static void copy(String channel, Queue queue, List<Kept> into) {
        for (Item item : queue.messages) {
            into.add(new Kept(channel, item.message()));
        }
    }

    /** The number of channels with a queue, for tests. */
    int channelCount() {
        lock.lock();
        try {
            return queues.size();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes kept over all queues, for tests. */
    long bytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }
}
