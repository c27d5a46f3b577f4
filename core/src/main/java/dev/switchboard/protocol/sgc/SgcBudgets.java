package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.hub.ClientBudgets;
import java.util.Objects;

/**
 * What one sgc connection may hold in the server's memory, and the server-wide bounds of the channel queues. Read
 * once at startup from the {@code switchboard.sgc.budget.*} and {@code switchboard.sgc.queue.max-*} keys. A
 * request that would exceed a connection's budget is answered with a JSON-RPC error of code
 * {@link dev.switchboard.api.RpcException#BUDGET_EXCEEDED} and has no effect; the server-wide queue bounds evict
 * the queues least recently written instead, so one client cannot lock others out.
 *
 * @param authenticated    the budget of a connection with a principal
 * @param anonymous        the budget of a connection without one
 * @param queueMaxChannels most channels with a queue in the server
 * @param queueMaxBytes    most bytes of queued messages in the server
 */
public record SgcBudgets(Budget authenticated, Budget anonymous, int queueMaxChannels, long queueMaxBytes) {

    /**
     * One connection's budget. Bytes are UTF-16 code units times two, what the messages take on the heap.
     *
     * @param transactions     open transactions at once
     * @param transactionBytes bytes of messages held in its open transactions
     * @param qosMessages      client QoS 2 messages waiting for their release
     * @param qosBytes         bytes of those messages
     * @param queueChannels    channel queues it created that still exist
     * @param queueBytes       bytes of its messages kept in channel queues
     */
    public record Budget(
            int transactions,
            long transactionBytes,
            int qosMessages,
            long qosBytes,
            int queueChannels,
            long queueBytes) {

        /** Validates. */
        public Budget {
            if (transactions < 0
                    || transactionBytes < 0
                    || qosMessages < 0
                    || qosBytes < 0
                    || queueChannels < 0
                    || queueBytes < 0) {
                throw new IllegalArgumentException("sgc budgets must not be negative");
            }
        }
    }

    /** Default budget of an authenticated connection. */
    public static final Budget DEFAULT_AUTHENTICATED = new Budget(16, 4L << 20, 256, 4L << 20, 64, 4L << 20);
    /** Default budget of an anonymous connection. */
    public static final Budget DEFAULT_ANONYMOUS = new Budget(4, 256L << 10, 32, 256L << 10, 4, 256L << 10);
    /** Default {@link #queueMaxChannels}. */
    public static final int DEFAULT_QUEUE_MAX_CHANNELS = 10_000;
    /** Default {@link #queueMaxBytes}: 64 MiB. */
    public static final long DEFAULT_QUEUE_MAX_BYTES = 64L << 20;
    /** The documented defaults. */
    public static final SgcBudgets DEFAULTS = new SgcBudgets(
            DEFAULT_AUTHENTICATED, DEFAULT_ANONYMOUS, DEFAULT_QUEUE_MAX_CHANNELS, DEFAULT_QUEUE_MAX_BYTES);

    /** Validates. */
    public SgcBudgets {
        Objects.requireNonNull(authenticated, "authenticated");
        Objects.requireNonNull(anonymous, "anonymous");
        if (queueMaxChannels <= 0 || queueMaxBytes <= 0) {
            throw new IllegalArgumentException(
                    "queue bounds must be positive: " + queueMaxChannels + ", " + queueMaxBytes);
        }
    }

    /**
     * The budgets as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the budgets
     */
    public static SgcBudgets read(ConfigReader reader) {
        Budget a = DEFAULT_AUTHENTICATED;
        Budget n = DEFAULT_ANONYMOUS;
        return new SgcBudgets(
                new Budget(
                        reader.getInt(ConfigKeys.SGC_BUDGET_TRANSACTIONS, a.transactions()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_TRANSACTION_BYTES, a.transactionBytes()),
                        reader.getInt(ConfigKeys.SGC_BUDGET_QOS_MESSAGES, a.qosMessages()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_QOS_BYTES, a.qosBytes()),
                        reader.getInt(ConfigKeys.SGC_BUDGET_QUEUE_CHANNELS, a.queueChannels()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_QUEUE_BYTES, a.queueBytes())),
                new Budget(
                        reader.getInt(ConfigKeys.SGC_BUDGET_ANONYMOUS_TRANSACTIONS, n.transactions()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_ANONYMOUS_TRANSACTION_BYTES, n.transactionBytes()),
                        reader.getInt(ConfigKeys.SGC_BUDGET_ANONYMOUS_QOS_MESSAGES, n.qosMessages()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_ANONYMOUS_QOS_BYTES, n.qosBytes()),
                        reader.getInt(ConfigKeys.SGC_BUDGET_ANONYMOUS_QUEUE_CHANNELS, n.queueChannels()),
                        reader.getLong(ConfigKeys.SGC_BUDGET_ANONYMOUS_QUEUE_BYTES, n.queueBytes())),
                reader.getInt(ConfigKeys.SGC_QUEUE_MAX_CHANNELS, DEFAULT_QUEUE_MAX_CHANNELS),
                reader.getLong(ConfigKeys.SGC_QUEUE_MAX_BYTES, DEFAULT_QUEUE_MAX_BYTES));
    }

    /**
     * The budget of a connection.
     *
     * @param connection the connection
     * @return {@link #anonymous} for a connection without principal, else {@link #authenticated}
     */
    public Budget of(Connection connection) {
        return ClientBudgets.isAnonymous(connection) ? anonymous : authenticated;
    }

    /** Heap bytes of a text, as the budgets count them; O(1). */
    static long size(String text) {
        return text == null ? 0 : 2L * text.length();
    }
}
