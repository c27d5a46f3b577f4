package dev.switchboard.protocol.sgc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open transactions of one sgc connection ({@code sgc@transaction} .. {@code sgc@commit} or
 * {@code sgc@rollback}), one per channel: the messages published inside one are held here and dispatched, in
 * order, at the commit. What a client holds is budgeted: open transactions by count, their messages by count and
 * bytes together ({@link SgcBudgets.Budget}). Guarded by a {@link ReentrantLock}, as virtual threads may hold it.
 */
final class TransactionBuffer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<SgcMessage>> transactions = new LinkedHashMap<>();
    private long transactionBytes;

    /** What {@link #enqueue} did with a message of an open transaction. */
    enum Enqueued {
        /** Queued in the transaction. */
        QUEUED,
        /** The transaction holds its most messages already. */
        FULL,
        /** Queueing it would exceed the connection's budget of transaction bytes. */
        OVER_BUDGET
    }

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
}
