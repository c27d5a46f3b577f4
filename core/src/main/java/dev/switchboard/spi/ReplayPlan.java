package dev.switchboard.spi;

import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client resuming one channel is given, as the {@link Broker} plans it from the history: an optional
 * {@link Gap} to report first, the entries to replay, and the position the client is at afterwards.
 *
 * <p>Given the client's last position on the channel:
 * <ul>
 *   <li>no position: nothing to replay, no gap (a new subscriber starts live);</li>
 *   <li>the same epoch, nothing missed evicted: every retained entry after the position;</li>
 *   <li>the same epoch, but entries just after the position are gone (evicted by count or age, or more were
 *       missed than the replay limit): a gap of reason {@link Gap#EVICTED} naming the lost offsets, then the
 *       retained entries after them;</li>
 *   <li>another epoch (the history was lost, e.g. a memory store restarted), or an offset beyond the channel's
 *       head: a gap of reason {@link Gap#EPOCH}, then the newest retained entries of the new epoch;</li>
 *   <li>no history (store {@code none}) or a store failure: a gap of reason {@link Gap#UNAVAILABLE}.</li>
 * </ul>
 *
 * @param channel  the channel
 * @param gap      what the client cannot be given, to be reported before the entries
 * @param entries  the entries to replay, oldest first
 * @param position the client's position after the replay, or the old one after a failure
 */
public record ReplayPlan(String channel, Optional<Gap> gap, List<Entry> entries, Position position) {

    /**
     * A part of a channel's history a resuming client missed and cannot be given.
     *
     * @param reason        {@link #EVICTED}, {@link #EPOCH} or {@link #UNAVAILABLE}
     * @param epoch         the channel's current epoch (empty when unavailable)
     * @param fromOffset    for {@link #EVICTED}, the first lost offset; otherwise 0
     * @param toOffset      for {@link #EVICTED}, the last lost offset; otherwise 0
     * @param previousEpoch the epoch the client resumed from
     */
    public record Gap(String reason, String epoch, long fromOffset, long toOffset, String previousEpoch) {
        /** Entries after the client's position were evicted before it came back. */
        public static final String EVICTED = "evicted";
        /** The channel's history was lost since the client's position (its epoch changed). */
        public static final String EPOCH = "epoch";
        /** No history is kept, or the store failed. */
        public static final String UNAVAILABLE = "unavailable";
    }

    /** Validates and copies. */
    public ReplayPlan {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(gap, "gap");
        entries = List.copyOf(entries);
        Objects.requireNonNull(position, "position");
    }

    /**
     * The plan for a client when no history can be read: nothing to replay, and a gap of reason
     * {@link Gap#UNAVAILABLE} when the client had a position.
     *
     * @param channel the channel
     * @param since   the client's last position, or empty
     * @return the plan
     */
    public static ReplayPlan unavailable(String channel, Optional<Position> since) {
        if (since.isEmpty() || !since.get().isPresent()) {
            return new ReplayPlan(channel, Optional.empty(), List.of(), Position.NONE);
        }
        return new ReplayPlan(
                channel,
                Optional.of(new Gap(Gap.UNAVAILABLE, "", 0, 0, since.get().epoch())),
                List.of(),
                since.get());
    }
}
