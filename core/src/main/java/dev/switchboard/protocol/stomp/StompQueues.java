package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The queue subscribers of this node, per {@code /queue/} channel, and which of them gets each message: round
 * robin over the subscriptions, skipping those that hold as many unacknowledged messages as allowed.
 *
 * <p>The hub hands a publication to every subscribed connection in turn (under the channel's delivery lock); the
 * first call for a publication picks the one subscription that gets it, the other calls find it picked. Each
 * publication is one object for all its subscribers, so identity tells a new publication from the current one.
 */
final class StompQueues {

    /** One queue subscriber: a subscription of a session. */
    record Consumer(StompSession session, StompSession.Subscription subscription) {}

    private static final class Queue {
        final ReentrantLock lock = new ReentrantLock();
        final List<Consumer> consumers = new ArrayList<>();
        int next;
        Publication current;
        Consumer chosen;
    }

    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    /**
     * Adds a queue subscriber.
     *
     * @return true when it is the queue's first subscriber on this node
     */
    boolean add(String channel, Consumer consumer) {
        boolean[] first = {false};
        queues.compute(channel, (name, queue) -> {
            first[0] = queue == null;
            Queue q = queue == null ? new Queue() : queue;
            q.lock.lock();
            try {
                q.consumers.add(consumer);
            } finally {
                q.lock.unlock();
            }
            return q;
        });
        return first[0];
    }

    /**
     * Removes a queue subscriber.
     *
     * @return true when the queue has no subscriber on this node any more
     */
    boolean remove(String channel, StompSession.Subscription subscription) {
        boolean[] last = {false};
        queues.computeIfPresent(channel, (name, q) -> {
            q.lock.lock();
            try {
                q.consumers.removeIf(c -> c.subscription() == subscription);
                if (q.chosen != null && q.chosen.subscription() == subscription) {
                    q.chosen = null;
                }
                last[0] = q.consumers.isEmpty();
                return last[0] ? null : q;
            } finally {
                q.lock.unlock();
            }
        });
        return last[0];
    }

    /** Tells whether this node has a subscriber of a queue. */
    boolean has(String channel) {
        return queues.containsKey(channel);
    }

    /** The queues this node has subscribers of. */
    List<String> names() {
        return List.copyOf(queues.keySet());
    }

    /**
     * The subscription that gets a publication: picked on the first call for it, the same on later calls.
     *
     * @param publication the publication, on a {@code /queue/} channel
     * @param accepts     whether a consumer can take one more message now
     * @return the consumer, or null when none can take it
     */
    Consumer chosen(Publication publication, Predicate<Consumer> accepts) {
        Queue q = queues.get(publication.channel());
        if (q == null) {
            return null;
        }
        q.lock.lock();
        try {
            if (q.current != publication) {
                q.current = publication;
                q.chosen = pick(q, accepts, null);
            }
            return q.chosen;
        } finally {
            q.lock.unlock();
        }
    }

    /**
     * The next consumer for a message handed back (NACK, or its subscriber gone).
     *
     * @param channel  the queue channel
     * @param accepts  whether a consumer can take one more message now
     * @param excluded a session that must not get it (the closing one), or null
     * @return the consumer, or null when none can take it
     */
    Consumer next(String channel, Predicate<Consumer> accepts, StompSession excluded) {
        Queue q = queues.get(channel);
        if (q == null) {
            return null;
        }
        q.lock.lock();
        try {
            return pick(q, accepts, excluded);
        } finally {
            q.lock.unlock();
        }
    }

    private static Consumer pick(Queue q, Predicate<Consumer> accepts, StompSession excluded) {
        int size = q.consumers.size();
        for (int tried = 0; tried < size; tried++) {
            Consumer candidate = q.consumers.get(Math.floorMod(q.next++, size));
            if (candidate.session() != excluded && !candidate.session().ended && accepts.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
