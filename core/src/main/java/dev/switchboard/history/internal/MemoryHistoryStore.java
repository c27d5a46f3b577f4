package dev.switchboard.history.internal;

import dev.switchboard.spi.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * History in this node's heap: per channel at most {@code maxMessages} entries, none older than {@code maxAge}.
 *
 * <p>Every channel gets a random epoch when first used, so a restarted node (a new store) never hands out
 * positions comparable with the old one's. A channel whose entries all expired and that saw no append for
 * {@code maxAge} is forgotten by a periodic sweep, to bound memory with many short-lived channels; it gets a new
 * epoch when used again, so a client resuming it afterwards is told of a gap rather than misled.
 */
public final class MemoryHistoryStore implements HistoryStore {

    private final int maxMessages;
    private final Duration maxAge;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, ChannelLog> channels = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis;
    private final ReentrantLock sweeping = new ReentrantLock();

    private static final class ChannelLog {
        final String epoch = Epochs.next();
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long last;
        Instant touched;
        boolean forgotten;

        ChannelLog(Instant now) {
            touched = now;
        }
    }

    /**
     * Creates an empty store.
     *
     * @param maxMessages most entries kept per channel
     * @param maxAge      how long an entry is kept
     * @param clock       the time source (a fixed one in tests)
     */
    public MemoryHistoryStore(int maxMessages, Duration maxAge, InstantSource clock) {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be positive: " + maxMessages);
        }
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.clock = clock;
        this.lastSweepMillis = new AtomicLong(clock.millis());
    }

    @Override
    public Position append(String channel, String message) {
        Instant now = clock.instant();
        while (true) {
            ChannelLog log = channels.computeIfAbsent(channel, c -> new ChannelLog(now));
            log.lock.lock();
            try {
                if (log.forgotten) {
                    continue;
                }
                log.last++;
                log.entries.addLast(new Entry(log.last, message, now));
                log.touched = now;
                evict(log, now);
                Position position = new Position(log.epoch, log.last);
                sweepIfDue(now);
                return position;
            } finally {
                log.lock.unlock();
            }
        }
    }

    @Override
    public Position head(String channel) {
        Instant now = clock.instant();
        while (true) {
            ChannelLog log = channels.computeIfAbsent(channel, c -> new ChannelLog(now));
            log.lock.lock();
            try {
                if (log.forgotten) {
                    continue;
                }
                // A position handed out keeps the channel known for another max-age.
                log.touched = now;
                return new Position(log.epoch, log.last);
            } finally {
                log.lock.unlock();
            }
        }
    }

    @Override
    public List<Entry> read(String channel, long afterOffset, int limit) {
        ChannelLog log = channels.get(channel);
        if (log == null || limit <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        log.lock.lock();
        try {
            evict(log, now);
            List<Entry> result = new ArrayList<>(Math.min(limit, log.entries.size()));
            for (Entry entry : log.entries) {
                if (entry.offset() > afterOffset) {
                    result.add(entry);
                    if (result.size() == limit) {
                        break;
                    }
                }
            }
            return result;
        } finally {
            log.lock.unlock();
        }
    }

    /**
     * The number of channels currently known, for tests and monitoring.
     *
     * @return the count
     */
    public int channelCount() {
        return channels.size();
    }

    private void evict(ChannelLog log, Instant now) {
        Instant oldest = now.minus(maxAge);
        while (!log.entries.isEmpty()
                && (log.entries.size() > maxMessages || log.entries.peekFirst().time().isBefore(oldest))) {
            log.entries.removeFirst();
        }
    }

    /** Forgets idle channels about every max-age (at most once a minute), from whichever thread gets there. */
    private void sweepIfDue(Instant now) {
        long due = lastSweepMillis.get() + Math.min(maxAge.toMillis(), 60_000);
        if (now.toEpochMilli() < due || !sweeping.tryLock()) {
            return;
        }
        try {
            lastSweepMillis.set(now.toEpochMilli());
            sweep(now);
        } finally {
            sweeping.unlock();
        }
    }

    /**
     * Forgets every channel whose entries all expired and that was not used for max-age.
     *
     * @param now the current time
     */
    void sweep(Instant now) {
        Instant idleSince = now.minus(maxAge);
        for (var entry : channels.entrySet()) {
            ChannelLog log = entry.getValue();
            if (!log.lock.tryLock()) {
                continue;
            }
            try {
                evict(log, now);
                if (log.entries.isEmpty() && log.touched.isBefore(idleSince)) {
                    log.forgotten = true;
                    channels.remove(entry.getKey(), log);
                }
            } finally {
                log.lock.unlock();
            }
        }
    }

    /**
     * Runs a sweep now, for tests.
     */
    public void sweepNow() {
        sweep(clock.instant());
    }
}
