package dev.switchboard.protocol.sgc;

import dev.switchboard.hub.ChannelMask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages kept per channel for late subscribers (sgc queue levels 1 and 2). Thread-safe.
 */
final class ChannelQueues {

    /** A kept message with the concrete channel it was published to. */
    record Kept(String channel, String message) {
    }

    private static final class Queue {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<String> messages = new ArrayDeque<>();
    }

    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();
    private final int maxMessages;

    ChannelQueues(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Keeps a message of one concrete channel at the given level; level 0 keeps nothing. */
    void keep(String channel, String message, QueueLevel level) {
        if (level == QueueLevel.LEVEL0) {
            return;
        }
        Queue queue = queues.computeIfAbsent(channel, c -> new Queue());
        queue.lock.lock();
        try {
            if (level == QueueLevel.LEVEL1) {
                queue.messages.clear();
            }
            queue.messages.addLast(message);
            while (queue.messages.size() > maxMessages) {
                queue.messages.pollFirst();
            }
        } finally {
            queue.lock.unlock();
        }
    }

    /** Empties one channel's queue. */
    void clear(String channel) {
        queues.remove(channel);
    }

    /** Tells whether any channel keeps messages (a fast path for subscriptions). */
    boolean isEmpty() {
        return queues.isEmpty();
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
        if (isMask) {
            ChannelMask mask = ChannelMask.compile(name);
            for (Map.Entry<String, Queue> entry : queues.entrySet()) {
                if (mask.matches(entry.getKey())) {
                    copy(entry.getKey(), entry.getValue(), replay);
                }
            }
        } else {
            Queue queue = queues.get(name);
            if (queue != null) {
                copy(name, queue, replay);
            }
        }
        return replay;
    }

    private static void copy(String channel, Queue queue, List<Kept> into) {
        queue.lock.lock();
        try {
            for (String message : queue.messages) {
                into.add(new Kept(channel, message));
            }
        } finally {
            queue.lock.unlock();
        }
    }
}
