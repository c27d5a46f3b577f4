package dev.switchboard.broker.internal;

import dev.switchboard.api.Publication;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.Scheduler;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Puts the publications of a shared history store back into offset order on this node. The store (one database
 * for the cluster) gives every publication of a channel its offset, but publications of one channel made on two
 * nodes travel to this node by two paths and may arrive out of order. Each channel's next expected offset is
 * tracked; a publication ahead of it waits up to {@code reorderWait} for the ones before it. Then the missing
 * offsets are read from the store, where they were committed before they were sent, and delivered in their place.
 * Offsets the store no longer has (trimmed on a busy channel) are most likely still on their way, so the channel
 * goes on waiting for them, reading the store again every {@code reorderWait}, up to {@link #HOLE_PATIENCE} times
 * that wait in all; only then are they skipped (a failed append on the publishing node, or a node that died between
 * its commit and its send with the entry trimmed since). Offsets at or below the last one delivered are duplicates
 * and dropped.
 *
 * <p>A channel this node has not seen yet (or whose epoch changed: the store lost its history) starts at once with
 * offset 1; a first publication with a later offset might have been overtaken by an earlier one still on its way,
 * so it waits {@code reorderWait} like one after a hole, and the channel starts at the earliest offset that arrived
 * by then. At most {@code maxChannels} channels are tracked; beyond that the ones
 * with nothing waiting are forgotten (the next publication of a forgotten channel starts it afresh).
 *
 * <p>Deliveries of one channel happen under that channel's lock (striped), one at a time and in order, as the
 * {@link dev.switchboard.spi.Broker.Delivery} contract asks. Reading missing offsets runs on the scheduler's
 * thread under the lock; it only happens when publications of one channel overtake each other by more than the
 * wait, or after a lost messaging link.
 */
public final class ChannelOrder {

    private static final System.Logger LOG = System.getLogger(ChannelOrder.class.getName());

    private static final int STRIPES = 64;
    /** Most publications one channel holds waiting; more make the channel read its holes at once. */
    static final int MAX_WAITING = 10_000;
    /** Most missing offsets read from the store per hole; a longer hole is skipped beyond it. */
    static final int MAX_FILL = 1_000;
    /** How many times {@code reorderWait} a hole the store cannot fill is waited for before it is skipped. */
    static final int HOLE_PATIENCE = 10;

    private final HistoryStore store;
    private final Scheduler scheduler;
    private final Duration reorderWait;
    private final int maxChannels;
    private final Consumer<Publication> deliver;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final ConcurrentHashMap<String, State> channels = new ConcurrentHashMap<>();

    /**
     * Creates the ordering.
     *
     * @param store       the shared history store, read for missing offsets
     * @param scheduler   where waits time out
     * @param reorderWait how long a publication waits for earlier offsets
     * @param maxChannels most channels tracked
     * @param deliver     delivers one publication to this node's subscribers
     */
    public ChannelOrder(
            HistoryStore store,
            Scheduler scheduler,
            Duration reorderWait,
            int maxChannels,
            Consumer<Publication> deliver) {
        this.store = store;
        this.scheduler = scheduler;
        this.reorderWait = reorderWait;
        this.maxChannels = maxChannels;
        this.deliver = deliver;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Before a channel's first delivery: which offset comes first is not known yet. */
    private static final long UNKNOWN = -1;

    /** One channel's place: the epoch, the last offset delivered, and what waits for earlier offsets. */
    private static final class State {
        final String epoch;
        /** The last offset delivered, or {@link #UNKNOWN} while the channel's first publications wait. */
        long last;

        final TreeMap<Long, Publication> waiting = new TreeMap<>();
        Future<?> timeout;
        /** When the first hole now waiting began to wait ({@link System#nanoTime()}). */
        long holeSince;

        State(String epoch, long last) {
            this.epoch = epoch;
            this.last = last;
        }
    }

    /**
     * Takes a publication with its store position, from this node or another; delivers it now, or after the
     * publications before it.
     *
     * @param publication the publication, with its epoch and offset
     */
    public void offer(Publication publication) {
        String channel = publication.channel();
        ReentrantLock lock = lock(channel);
        lock.lock();
        try {
            State state = channels.get(channel);
            if (state == null || !state.epoch.equals(publication.epoch())) {
                if (state != null) {
                    // The channel's history restarted: what waited of the old epoch goes out first, in order.
                    flush(state);
                }
                state = new State(publication.epoch(), publication.offset() == 1 ? 0 : UNKNOWN);
                if (channels.size() >= maxChannels) {
                    forgetIdle();
                }
                channels.put(channel, state);
            }
            long offset = publication.offset();
            if (offset <= state.last || state.waiting.containsKey(offset)) {
                return;
            }
            if (state.last != UNKNOWN && offset == state.last + 1) {
                deliver(publication);
                state.last = offset;
                drainContiguous(state);
                return;
            }
            state.waiting.put(offset, publication);
            if (state.waiting.size() > MAX_WAITING) {
                fill(channel, state, true);
            } else if (state.timeout == null) {
                state.holeSince = System.nanoTime();
                state.timeout = scheduler.schedule(() -> timedOut(channel), reorderWait);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of channels tracked, for tests and diagnostics.
     *
     * @return the count
     */
    public int trackedChannels() {
        return channels.size();
    }

    private void timedOut(String channel) {
        ReentrantLock lock = lock(channel);
        lock.lock();
        try {
            State state = channels.get(channel);
            if (state != null) {
                state.timeout = null;
                fill(channel, state, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers what waits, reading each hole before it from the store. A hole the store cannot fill is waited for
     * again unless it has waited its patience out or {@code force} (too much is waiting). Called with the lock held.
     */
    private void fill(String channel, State state, boolean force) {
        if (state.timeout != null) {
            state.timeout.cancel(false);
            state.timeout = null;
        }
        if (state.last == UNKNOWN && !state.waiting.isEmpty()) {
            // The channel's first publications: it starts at the earliest that arrived.
            state.last = state.waiting.firstKey() - 1;
        }
        while (!state.waiting.isEmpty()) {
            long next = state.waiting.firstKey();
            if (next > state.last + 1 && !readHole(channel, state, next, false)) {
                long waited = System.nanoTime() - state.holeSince;
                if (!force && waited < reorderWait.toNanos() * HOLE_PATIENCE) {
                    state.timeout = scheduler.schedule(() -> timedOut(channel), reorderWait);
                    return;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Offsets of channel {0} between {1} and {2} never arrived and are not all in the history;"
                                + " the missing ones are skipped on this node",
                        LogSafe.of(channel),
                        state.last + 1,
                        next - 1);
                // Given up: what the store has of the hole still goes out, in order, around what it lacks.
                readHole(channel, state, next, true);
            }
            Publication waiting = state.waiting.pollFirstEntry().getValue();
            deliver(waiting);
            state.last = waiting.offset();
            drainContiguous(state);
            // The next hole, if any, starts waiting now.
            state.holeSince = System.nanoTime();
        }
    }

    /**
     * Delivers the entries of the store between the last delivered offset and {@code next}: the contiguous run
     * after the last delivered one, or, when {@code skipMissing}, every one it has.
     *
     * @return true when the hole is closed
     */
    private boolean readHole(String channel, State state, long next, boolean skipMissing) {
        long missing = next - state.last - 1;
        List<Entry> entries;
        try {
            entries = store.read(channel, state.last, (int) Math.min(missing, MAX_FILL));
            if (!store.head(channel).epoch().equals(state.epoch)) {
                // The store moved to another epoch meanwhile: its entries are not this epoch's offsets.
                return false;
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Reading offsets " + (state.last + 1) + " to " + (next - 1) + " of a channel from the history"
                            + " failed",
                    e);
            return false;
        }
        for (Entry entry : entries) {
            if ((entry.offset() == state.last + 1 || (skipMissing && entry.offset() > state.last))
                    && entry.offset() < next) {
                deliver(StoredPayload.publication(
                        channel, entry.message(), Optional.empty(), entry.offset(), state.epoch));
                state.last = entry.offset();
            }
        }
        return state.last == next - 1;
    }

    private void drainContiguous(State state) {
        while (state.last != UNKNOWN && !state.waiting.isEmpty() && state.waiting.firstKey() == state.last + 1) {
            Publication waiting = state.waiting.pollFirstEntry().getValue();
            deliver(waiting);
            state.last = waiting.offset();
        }
        if (state.waiting.isEmpty() && state.timeout != null) {
            state.timeout.cancel(false);
            state.timeout = null;
        }
    }

    private void flush(State state) {
        if (state.timeout != null) {
            state.timeout.cancel(false);
            state.timeout = null;
        }
        for (Publication waiting : state.waiting.values()) {
            deliver(waiting);
        }
        state.waiting.clear();
    }

    /** Forgets a tenth of the tracked channels that have nothing waiting. */
    private void forgetIdle() {
        int toForget = Math.max(1, maxChannels / 10);
        Iterator<Map.Entry<String, State>> it = channels.entrySet().iterator();
        while (it.hasNext() && toForget > 0) {
            Map.Entry<String, State> entry = it.next();
            ReentrantLock other = lock(entry.getKey());
            // Only channels whose lock is free right now (ours is held by this thread and re-entrant).
            if (other.tryLock()) {
                try {
                    if (entry.getValue().waiting.isEmpty()) {
                        it.remove();
                        toForget--;
                    }
                } finally {
                    other.unlock();
                }
            }
        }
    }

    private void deliver(Publication publication) {
        try {
            deliver.accept(publication);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Delivering a publication failed", e);
        }
    }

    private ReentrantLock lock(String channel) {
        return locks[Math.floorMod(channel.hashCode(), locks.length)];
    }
}
