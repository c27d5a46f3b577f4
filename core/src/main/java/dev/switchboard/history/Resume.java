package dev.switchboard.history;

import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client resuming one channel is given: an optional {@link Gap} to report first, the entries to replay,
 * and the position the client is at afterwards.
 *
 * <p>{@link #plan} decides, given the client's last position on the channel:
 * <ul>
 *   <li>no position: nothing to replay, no gap (a new subscriber starts live);</li>
 *   <li>the same epoch, nothing missed evicted: every retained entry after the position;</li>
 *   <li>the same epoch, but entries just after the position are gone (evicted by count or age, or more were
 *       missed than {@code limit}): a gap of reason {@link Gap#EVICTED} naming the lost offsets, then the retained
 *       entries after them;</li>
 *   <li>another epoch (the history was lost, e.g. a memory store restarted), or an offset beyond the channel's
 *       head: a gap of reason {@link Gap#EPOCH}, then every retained entry of the new epoch (at most
 *       {@code limit}, the newest);</li>
 *   <li>no history (store {@code none}) or a store failure: a gap of reason {@link Gap#UNAVAILABLE}.</li>
 * </ul>
 *
 * @param channel  the channel
 * @param gap      what the client cannot be given, to be reported before the entries
 * @param entries  the entries to replay, oldest first
 * @param position the client's position after the replay (the channel's head), or the old one after a failure
 */
public record Resume(String channel, Optional<Gap> gap, List<Entry> entries, Position position) {

    private static final System.Logger LOG = System.getLogger(Resume.class.getName());

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
    public Resume {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(gap, "gap");
        entries = List.copyOf(entries);
        Objects.requireNonNull(position, "position");
    }

    /**
     * Decides what a client resuming {@code channel} from {@code since} gets. Call it under the hub's channel
     * lock ({@link dev.switchboard.hub.Hub#subscribeAfter}) so no publication interleaves.
     *
     * @param store   the store, or empty when history is off
     * @param channel one exact channel
     * @param since   the client's last position, or empty for a client without one
     * @param limit   the most entries to replay
     * @return the plan
     */
    public static Resume plan(Optional<HistoryStore> store, String channel, Optional<Position> since, int limit) {
        if (store.isEmpty()) {
            return unavailable(channel, since);
        }
        Position head;
        try {
            head = store.get().head(channel);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history head of " + LogSafe.of(channel) + " failed", e);
            return unavailable(channel, since);
        }
        if (!head.isPresent()) {
            return unavailable(channel, since);
        }
        if (since.isEmpty() || !since.get().isPresent()) {
            return new Resume(channel, Optional.empty(), List.of(), head);
        }
        Position from = since.get();
        try {
            if (!from.epoch().equals(head.epoch()) || from.offset() > head.offset()) {
                List<Entry> entries = store.get().read(channel, Math.max(0, head.offset() - limit), limit);
                return new Resume(
                        channel, Optional.of(new Gap(Gap.EPOCH, head.epoch(), 0, 0, from.epoch())), entries, head);
            }
            long start = Math.max(from.offset(), head.offset() - limit);
            List<Entry> entries = store.get().read(channel, start, limit);
            long firstAvailable =
                    entries.isEmpty() ? head.offset() + 1 : entries.get(0).offset();
            Optional<Gap> gap = firstAvailable > from.offset() + 1
                    ? Optional.of(
                            new Gap(Gap.EVICTED, head.epoch(), from.offset() + 1, firstAvailable - 1, from.epoch()))
                    : Optional.empty();
            return new Resume(channel, gap, entries, head);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history of " + LogSafe.of(channel) + " failed", e);
            return unavailable(channel, since);
        }
    }

    private static Resume unavailable(String channel, Optional<Position> since) {
        if (since.isEmpty() || !since.get().isPresent()) {
            return new Resume(channel, Optional.empty(), List.of(), Position.NONE);
        }
        return new Resume(
                channel,
                Optional.of(new Gap(Gap.UNAVAILABLE, "", 0, 0, since.get().epoch())),
                List.of(),
                since.get());
    }
}
