package dev.switchboard.broker;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.history.ReplayPlanner;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker's use of the {@link HistoryStore}, the same for every broker: a failed append leaves the publication
 * without a position (delivered live, not replayable), a failed head read answers {@link Position#NONE}, and the
 * replay plan comes from the {@link ReplayPlanner}.
 *
 * <p>After a failed append to a channel the store is left alone for that channel for the retry time: a database that
 * is down can take a second or more to fail each call (H2's client retries its connection), and a channel's lane runs
 * its appends one at a time, so calling it for every publication would hold the channel's deliveries back by that
 * much per publication, without bound. Meanwhile the channel's publications go out at once without a position; the
 * first one after the retry time tries again. Per channel, because a store may fail for one channel only; at most
 * {@value #MAX_FAILING} channels are remembered (beyond them a failing channel tries the store every time).
 */
final class BrokerHistory {

    private static final System.Logger LOG = System.getLogger(BrokerHistory.class.getName());

    static final int MAX_FAILING = 10_000;

    private final HistoryStore store;
    private final long retryNanos;
    /** Channels whose last append failed, to the {@link System#nanoTime()} before which they are not tried. */
    private final Map<String, Long> failing = new ConcurrentHashMap<>();

    /**
     * Wraps a store.
     *
     * @param store the store, or null when no history is kept
     * @param retry how long the store is not called after an append failed; zero calls it every time
     */
    BrokerHistory(HistoryStore store, Duration retry) {
        this.store = store;
        this.retryNanos = retry.toNanos();
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
        Long retryAt = failing.get(channel);
        if (retryAt != null && System.nanoTime() - retryAt < 0) {
            return Position.NONE;
        }
        try {
            Position position = store.append(channel, StoredPayload.encode(message, binary));
            if (retryAt != null && failing.remove(channel) != null) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "The history store takes the publications of " + LogSafe.of(channel) + " again");
            }
            return position;
        } catch (RuntimeException e) {
            remember(channel);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Storing a publication to " + LogSafe.of(channel) + " in the history failed;"
                            + " it is delivered live but cannot be replayed, and so are the publications of the next "
                            + retryNanos / 1_000_000 + " ms",
                    e);
            return Position.NONE;
        }
    }

    private void remember(String channel) {
        if (retryNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (failing.size() >= MAX_FAILING) {
            failing.values().removeIf(retryAt -> now - retryAt >= 0);
        }
        if (failing.size() < MAX_FAILING || failing.containsKey(channel)) {
            failing.put(channel, now + retryNanos);
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
