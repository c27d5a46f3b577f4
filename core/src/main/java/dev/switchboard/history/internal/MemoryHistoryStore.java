package dev.switchboard.history.internal;

import dev.switchboard.spi.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * History in this node's heap: per channel at most {@code maxMessages} entries, none older than {@code maxAge};
 * over the whole store at most {@code maxChannels} channels and {@code maxBytes} of messages.
 *
 * <p><b>Reads create nothing.</b> Only {@link #append} creates a channel. {@link #head} of a channel the store does
 * not hold answers offset 0 in the epoch the channel will get if it is created before any channel is dropped: a
 * channel born in the store's generation {@code g} gets the epoch {@code <store id><g>} (g in base 36), and every dropped channel
 * (by the idle sweep or the global cap) starts a new generation before it leaves. A position taken from an absent channel
 * therefore continues exactly into the channel's first life, and a client whose channel was dropped and born
 * again meanwhile sees another epoch and is told of the gap.
 *
 * <p><b>Bounds.</b> A channel whose entries all expired and that saw no append for {@code maxAge} is forgotten by a
 * periodic sweep. When the store holds more than {@code maxChannels} channels or {@code maxBytes} of messages
 * (UTF-16 code units times two), the channels least recently appended to are dropped whole, oldest first, down to
 * nine tenths of the bound (so the sorting is paid once per many appends). A client resuming a dropped channel
 * gets an {@code epoch} gap and whatever the channel holds now. A restarted node (a new store) has a new store id,
 * so its epochs never match the old ones.
 */
public final class MemoryHistoryStore implements HistoryStore {

    /** Default {@code maxChannels} when none is given. */
    public static final int DEFAULT_MAX_CHANNELS = 10_000;
    /** Default {@code maxBytes} when none is given: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final int maxMessages;
    private final Duration maxAge;
    private final int maxChannels;
    private final long maxBytes;
    private final InstantSource clock;
    private final String storeId = Epochs.next();
    private final ConcurrentHashMap<String, ChannelLog> channels = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ReentrantLock sweeping = new ReentrantLock();

    private static final class ChannelLog {
        final String epoch;
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long last;
        long bytes;
        volatile long lastAppend;
        Instant touched;
        boolean forgotten;

        ChannelLog(String epoch, Instant now) {
            this.epoch = epoch;
            touched = now;
        }
    }

    /**
     * Creates an empty store with the default global bounds.
     *
     * @param maxMessages most entries kept per channel
     * @param maxAge      how long an entry is kept
     * @param clock       the time source (a fixed one in tests)
     */
    public MemoryHistoryStore(int maxMessages, Duration maxAge, InstantSource clock) {
        this(maxMessages, maxAge, DEFAULT_MAX_CHANNELS, DEFAULT_MAX_BYTES, clock);
    }

    /**
     * Creates an empty store.
     *
     * @param maxMessages most entries kept per channel
     * @param maxAge      how long an entry is kept
     * @param maxChannels most channels kept in the store
     * @param maxBytes    most bytes of messages kept in the store
     * @param clock       the time source (a fixed one in tests)
     */
    public MemoryHistoryStore(int maxMessages, Duration maxAge, int maxChannels, long maxBytes, InstantSource clock) {
        if (maxMessages <= 0 || maxChannels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException(
                    "history bounds must be positive: " + maxMessages + ", " + maxChannels + ", " + maxBytes);
        }
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.maxChannels = maxChannels;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.lastSweepMillis = new AtomicLong(clock.millis());
    }

    private String epochOfGeneration(long value) {
        // Alphanumeric, as resume cursors require; the store id has a fixed length, so the pair is unambiguous.
        return storeId + Long.toString(value, 36);
    }

    @Override
    public Position append(String channel, String message) {
        Instant now = clock.instant();
        boolean[] created = new boolean[1];
        while (true) {
            ChannelLog log = channels.computeIfAbsent(channel, c -> {
                created[0] = true;
                return new ChannelLog(epochOfGeneration(generation.get()), now);
            });
            Position position;
            log.lock.lock();
            try {
                if (log.forgotten) {
                    continue;
                }
                log.last++;
                long size = 2L * message.length();
                log.entries.addLast(new Entry(log.last, message, now));
                log.bytes += size;
                bytes.addAndGet(size);
                log.touched = now;
                log.lastAppend = appends.incrementAndGet();
                evict(log, now);
                position = new Position(log.epoch, log.last);
            } finally {
                log.lock.unlock();
            }
            if (created[0] && channels.size() > maxChannels || bytes.get() > maxBytes) {
                capIfOver();
            }
            sweepIfDue(now);
            return position;
        }
    }

    @Override
    public Optional<Size> size() {
        long entries = 0;
        int count = 0;
        for (ChannelLog log : channels.values()) {
            log.lock.lock();
            try {
                if (!log.forgotten) {
                    count++;
                    entries += log.entries.size();
                }
            } finally {
                log.lock.unlock();
            }
        }
        return Optional.of(new Size(count, entries));
    }

    @Override
    public Position head(String channel) {
        // The generation is read first: a channel born after this read in the same generation is the very life the
        // position continues into; one dropped meanwhile has moved the generation on.
        long current = generation.get();
        ChannelLog log = channels.get(channel);
        if (log == null) {
            // Nothing is created for a read: the position names the epoch the channel's first append will use.
            return new Position(epochOfGeneration(current), 0);
        }
        log.lock.lock();
        try {
            if (log.forgotten) {
                return new Position(epochOfGeneration(current), 0);
            }
            // A position handed out keeps the channel known for another max-age.
            log.touched = clock.instant();
            return new Position(log.epoch, log.last);
        } finally {
            log.lock.unlock();
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

    /**
     * The bytes of messages currently kept, for tests and monitoring.
     *
     * @return UTF-16 code units times two over all entries
     */
    public long bytes() {
        return bytes.get();
    }

    private void evict(ChannelLog log, Instant now) {
        Instant oldest = now.minus(maxAge);
        while (!log.entries.isEmpty()
                && (log.entries.size() > maxMessages
                        || log.entries.peekFirst().time().isBefore(oldest))) {
            long size = 2L * log.entries.removeFirst().message().length();
            log.bytes -= size;
            bytes.addAndGet(-size);
        }
    }

    /** Drops a channel whose lock is held: it leaves the map, its bytes leave the total. */
    private void drop(String channel, ChannelLog log) {
        // A new generation before the channel can be born again, so its next life can never reuse this epoch.
        generation.incrementAndGet();
        log.forgotten = true;
        channels.remove(channel, log);
        bytes.addAndGet(-log.bytes);
        log.bytes = 0;
        log.entries.clear();
    }

    /**
     * Drops the channels least recently appended to until the store is under nine tenths of both global bounds.
     * One thread does it at a time; the others go on (the store may be over its bound for a moment).
     */
    private void capIfOver() {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            if (channels.size() <= maxChannels && bytes.get() <= maxBytes) {
                return;
            }
            List<Map.Entry<String, ChannelLog>> oldestFirst = new ArrayList<>(channels.entrySet());
            oldestFirst.sort(Comparator.comparingLong(entry -> entry.getValue().lastAppend));
            long channelTarget = maxChannels - maxChannels / 10;
            long byteTarget = maxBytes - maxBytes / 10;
            for (Map.Entry<String, ChannelLog> entry : oldestFirst) {
                if (channels.size() <= channelTarget && bytes.get() <= byteTarget) {
                    break;
                }
                ChannelLog log = entry.getValue();
                log.lock.lock();
                try {
                    if (!log.forgotten) {
                        drop(entry.getKey(), log);
                    }
                } finally {
                    log.lock.unlock();
                }
            }
        } finally {
            sweeping.unlock();
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
                    drop(entry.getKey(), log);
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
