package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The STOMP state of one connection: version, subscriptions with their unacknowledged messages, open
 * transactions and heart-beat timers. Inbound frames touch it on the connection's thread, deliveries on broker
 * threads: every access holds {@link #lock}.
 */
final class StompSession {

    /** How a subscription acknowledges. */
    enum AckMode {
        AUTO,
        CLIENT,
        CLIENT_INDIVIDUAL;

        static AckMode of(String header) throws StompProtocolException {
            return switch (header == null ? "auto" : header) {
                case "auto" -> AUTO;
                case "client" -> CLIENT;
                case "client-individual" -> CLIENT_INDIVIDUAL;
                default ->
                    throw new StompProtocolException("ack must be auto, client or client-individual, not '"
                            + StompFrameCodec.printable(header) + "'");
            };
        }
    }

    /** A subscription of this session. */
    static final class Subscription {
        final String id;
        final StompDestination destination;
        final AckMode ack;
        /** Unacknowledged messages by message id, in delivery order (CLIENT acks cumulatively in this order). */
        final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
        /** The size of {@link #pending}, readable without the lock (by the queue's pick). */
        volatile int pendingCount;

        Subscription(String id, StompDestination destination, AckMode ack) {
            this.id = id;
            this.destination = destination;
            this.ack = ack;
        }
    }

    /** A message delivered to a subscription and not yet acknowledged. */
    record Pending(String messageId, Subscription subscription, Publication publication) {}

    final Connection connection;
    final ReentrantLock lock = new ReentrantLock();
    final StompFrameCodec.Decoder decoder;
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    final Map<String, Pending> pendingById = new HashMap<>();
    final Map<String, List<StompFrame>> transactions = new HashMap<>();
    final AtomicLong messageIds = new AtomicLong();
    final List<Future<?>> timers = new ArrayList<>(2);
    volatile StompVersion version;
    volatile long lastInboundNanos = System.nanoTime();
    volatile boolean ended;

    StompSession(Connection connection, StompFrameCodec.Limits limits) {
        this.connection = connection;
        this.decoder = new StompFrameCodec.Decoder(limits);
    }

    boolean connected() {
        return version != null;
    }

    /** The subscriptions on a channel. Caller holds the lock. */
    List<Subscription> on(String channel) {
        List<Subscription> found = new ArrayList<>(1);
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.destination.channel().equals(channel)) {
                found.add(subscription);
            }
        }
        return found;
    }

    /** Whether another subscription than {@code except} uses the channel. Caller holds the lock. */
    boolean otherOn(String channel, Subscription except) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription != except && subscription.destination.channel().equals(channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes what an ACK or NACK of {@code pending} covers: in CLIENT mode every earlier message of its subscription
     * too. Caller holds the lock.
     */
    List<Pending> settle(Pending pending) {
        Subscription subscription = pending.subscription();
        List<Pending> settled = new ArrayList<>(1);
        if (subscription.ack == AckMode.CLIENT) {
            Iterator<Pending> earlier = subscription.pending.values().iterator();
            while (earlier.hasNext()) {
                Pending next = earlier.next();
                earlier.remove();
                pendingById.remove(next.messageId());
                settled.add(next);
                if (next == pending) {
                    break;
                }
            }
        } else {
            subscription.pending.remove(pending.messageId());
            pendingById.remove(pending.messageId());
            settled.add(pending);
        }
        subscription.pendingCount = subscription.pending.size();
        return settled;
    }

    /** Drops a subscription and its unacknowledged messages, which it returns. Caller holds the lock. */
    List<Pending> drop(Subscription subscription) {
        subscriptions.remove(subscription.id);
        List<Pending> left = new ArrayList<>(subscription.pending.values());
        for (Pending pending : left) {
            pendingById.remove(pending.messageId());
        }
        subscription.pending.clear();
        subscription.pendingCount = 0;
        return left;
    }
}
