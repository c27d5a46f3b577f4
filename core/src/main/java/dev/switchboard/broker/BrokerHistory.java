package dev.switchboard.broker;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.history.ReplayPlanner;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import java.util.Optional;

/**
 * A broker's use of the {@link HistoryStore}, the same for every broker: a failed append leaves the publication
 * without a position (delivered live, not replayable), a failed head read answers {@link Position#NONE}, and the
 * replay plan comes from the {@link ReplayPlanner}.
 */
final class BrokerHistory {

    private static final System.Logger LOG = System.getLogger(BrokerHistory.class.getName());

    private final HistoryStore store;

    /**
     * Wraps a store.
     *
     * @param store the store, or null when no history is kept
     */
    BrokerHistory(HistoryStore store) {
        this.store = store;
    }

    /** The store, or null. */
    HistoryStore store() {
        return store;
    }

    /**
     * Appends a payload in its {@link StoredPayload stored form}, or gives {@link Position#NONE} when no history is
     * kept, the channel is internal, or the store failed.
     */
    Position append(String channel, String message, boolean binary) {
        // No client resumes an internal channel (a protocol's own fan-out): keeping it would only crowd the store.
        if (store == null || channel.startsWith(ChannelNames.INTERNAL_PREFIX)) {
            return Position.NONE;
        }
        try {
            return store.append(channel, StoredPayload.encode(message, binary));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Storing a publication to " + LogSafe.of(channel) + " in the history failed;"
                            + " it is delivered live but cannot be replayed",
                    e);
            return Position.NONE;
        }
    }

    /** The channel's head, or {@link Position#NONE} without history or when the store failed. */
    Position head(String channel) {
        if (store == null) {
            return Position.NONE;
        }
        try {
            return store.head(channel);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history head of " + LogSafe.of(channel) + " failed", e);
            return Position.NONE;
        }
    }

    /** What a client resuming from a position is replayed. */
    ReplayPlan replay(String channel, Optional<Position> since, int limit) {
        return ReplayPlanner.plan(Optional.ofNullable(store), channel, since, limit);
    }
}
