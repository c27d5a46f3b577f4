package dev.switchboard.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the recent publications of every channel so that a client that reconnects can be given what it missed.
 *
 * <p><b>Positions.</b> Every channel has an <em>epoch</em> and a sequence of <em>offsets</em>. Each
 * {@link #append} gives the publication the next offset of its channel: 1, 2, 3 and so on, with no holes, never
 * reused within an epoch. The epoch is an opaque token that changes whenever the store can no longer vouch for
 * the offsets it handed out before (a memory store restarted, a channel's history was forgotten, a table was
 * wiped); a position of an older epoch cannot be compared with one of the current epoch. A client that holds
 * {@code (epoch, offset)} has seen everything of the channel up to that offset; what it missed is every retained
 * entry after it, and it missed something it can never get when the epoch changed or the entries just after its
 * offset were evicted.
 *
 * <p><b>Who calls it.</b> The {@link Broker} calls {@link #append} once per publication and channel, before the
 * publication is delivered, and never concurrently for one channel on one node (appends to different channels are
 * concurrent). The in-memory broker calls it on the publisher's thread when {@link #mayBlock()} is false, and on a
 * thread of the {@link Scheduler} when it is true, so a slow store delays the deliveries of its channel only. The
 * broker calls {@link #head} and {@link #read} when a client resumes, on the client's thread. Implementations must
 * be thread-safe: different channels are used concurrently, and several nodes may share one store.
 *
 * <p><b>Exceptions.</b> A {@link RuntimeException} from {@link #append} is logged and the publication is
 * delivered live without a position (it cannot be replayed). One from {@link #head} or {@link #read} makes the
 * resuming client receive an explicit gap signal instead of a replay.
 *
 * <p><b>Choosing and replacing.</b> Switchboard produces the store named by {@code switchboard.history.store}
 * ({@code memory}, {@code jdbc} or {@code none}). An application replaces it with its own CDI bean implementing
 * this interface, annotated {@code @Alternative @Priority(...)}.
 */
public interface HistoryStore {

    /**
     * A place in a channel's history.
     *
     * @param epoch  the channel's epoch; empty for {@link #NONE}
     * @param offset the offset of the last publication covered; 0 before the first
     */
    record Position(String epoch, long offset) {

        /** No position: history is disabled, or the publication was not stored. */
        public static final Position NONE = new Position("", 0);

        /** Validates. */
        public Position {
            Objects.requireNonNull(epoch, "epoch");
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative: " + offset);
            }
        }

        /**
         * Tells whether this is a real position of a store.
         *
         * @return false for {@link #NONE}
         */
        public boolean isPresent() {
            return !epoch.isEmpty();
        }
    }

    /**
     * One retained publication.
     *
     * @param offset  its offset in the channel
     * @param message the published text
     * @param time    when it was appended
     */
    record Entry(long offset, String message, Instant time) {

        /** Validates. */
        public Entry {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Stores a publication and gives it the channel's next offset. Called by the broker once per publication and
     * channel, one call at a time per channel.
     *
     * @param channel the channel (never a mask)
     * @param message the published text
     * @return the channel's epoch and the new offset
     */
    Position append(String channel, String message);

    /**
     * The channel's epoch and its latest offset (0 when nothing was appended in this epoch). Reading creates no
     * state: for a channel the store does not hold, the answer is offset 0 in the epoch the channel's first append
     * will get unless the store drops channels in between (then a client resuming from it is told of a gap), so a
     * position taken now stays comparable with the offsets of later appends. Clients can name any channel, so a
     * store must not grow with the channels that are only read.
     *
     * @param channel the channel
     * @return the current position
     */
    Position head(String channel);

    /**
     * The retained entries of a channel in its current epoch with an offset greater than {@code afterOffset},
     * oldest first, at most {@code limit} of them (the oldest ones). Entries older than the retention age are
     * not returned even if not yet removed.
     *
     * @param channel     the channel
     * @param afterOffset return only entries after this offset
     * @param limit       the most entries to return
     * @return the entries, possibly empty
     */
    List<Entry> read(String channel, long afterOffset, int limit);

    /**
     * Tells whether {@link #append} may block its thread on I/O (a database round trip). The broker then appends on
     * the scheduler's threads, one lane per channel, instead of on the publisher's thread. The default is false,
     * right for stores that only touch memory.
     *
     * @return true when calls may block
     */
    default boolean mayBlock() {
        return false;
    }

    /**
     * Tells whether every node of a cluster reaches this same store, so the offsets it assigns are the cluster's: a
     * cluster broker then sends each publication with its position and every node delivers it in offset order. A
     * store of one node's own (memory) answers false, the default: a cluster broker then lets each node number the
     * publications it receives in its own store. A JDBC store answers true; its database must then be one that
     * every node uses.
     *
     * @return true when the store is shared by the nodes of a cluster
     */
    default boolean shared() {
        return false;
    }

    /**
     * How much the store holds, for metrics and operators. Called by the metrics scrape (at most about once a second),
     * never on the message path; it may block briefly (a JDBC store counts rows). An exception is logged and the
     * figures are left out of that scrape. The default answers empty: the store does not say.
     *
     * @return the channels and entries held, or empty when the store does not tell
     */
    default Optional<Size> size() {
        return Optional.empty();
    }

    /**
     * What a store holds at one moment.
     *
     * @param channels channels with at least one entry or a position
     * @param entries  entries held over all channels
     */
    record Size(long channels, long entries) {}

    /** Releases resources; called once when the application stops. The default does nothing. */
    default void close() {}
}
