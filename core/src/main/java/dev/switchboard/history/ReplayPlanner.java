package dev.switchboard.history;

import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.ReplayPlan.Gap;
import java.util.List;
import java.util.Optional;

/**
 * Plans a resuming client's replay from a {@link HistoryStore}: the rules of {@link ReplayPlan}, over the store's
 * {@link HistoryStore#head head} and {@link HistoryStore#read read}. Brokers that keep history in a store call it
 * from their {@link dev.switchboard.spi.Broker#replay}.
 */
public final class ReplayPlanner {

    private static final System.Logger LOG = System.getLogger(ReplayPlanner.class.getName());

    private ReplayPlanner() {}

    /**
     * Decides what a client resuming {@code channel} from {@code since} gets.
     *
     * @param store   the store, or empty when history is off
     * @param channel one exact channel
     * @param since   the client's last position, or empty for a client without one
     * @param limit   the most entries to replay
     * @return the plan; a store failure gives an {@code unavailable} gap
     */
    public static ReplayPlan plan(Optional<HistoryStore> store, String channel, Optional<Position> since, int limit) {
        if (store.isEmpty()) {
            return ReplayPlan.unavailable(channel, since);
        }
        Position head;
        try {
            head = store.get().head(channel);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history head of " + LogSafe.of(channel) + " failed", e);
            return ReplayPlan.unavailable(channel, since);
        }
        if (!head.isPresent()) {
            return ReplayPlan.unavailable(channel, since);
        }
        if (since.isEmpty() || !since.get().isPresent()) {
            return new ReplayPlan(channel, Optional.empty(), List.of(), head);
        }
        Position from = since.get();
        try {
            if (!from.epoch().equals(head.epoch()) || from.offset() > head.offset()) {
                List<Entry> entries = upTo(head, store.get().read(channel, Math.max(0, head.offset() - limit), limit));
                return new ReplayPlan(
                        channel, Optional.of(new Gap(Gap.EPOCH, head.epoch(), 0, 0, from.epoch())), entries, head);
            }
            long start = Math.max(from.offset(), head.offset() - limit);
            List<Entry> entries = upTo(head, store.get().read(channel, start, limit));
            long firstAvailable =
                    entries.isEmpty() ? head.offset() + 1 : entries.get(0).offset();
            Optional<Gap> gap = firstAvailable > from.offset() + 1
                    ? Optional.of(
                            new Gap(Gap.EVICTED, head.epoch(), from.offset() + 1, firstAvailable - 1, from.epoch()))
                    : Optional.empty();
            return new ReplayPlan(channel, gap, entries, head);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history of " + LogSafe.of(channel) + " failed", e);
            return ReplayPlan.unavailable(channel, since);
        }
    }

    /**
     * The entries up to the head that was read first. A publication appended between the two reads is not yet
     * delivered (its delivery waits for the channel lock the caller holds), so it reaches the client live after the
     * plan; replaying it too, with a plan position short of it, would let that live delivery past the client's floor
     * and the client would receive it twice.
     */
    private static List<Entry> upTo(Position head, List<Entry> entries) {
        if (entries.isEmpty() || entries.get(entries.size() - 1).offset() <= head.offset()) {
            return entries;
        }
        return entries.stream().filter(entry -> entry.offset() <= head.offset()).toList();
    }
}
