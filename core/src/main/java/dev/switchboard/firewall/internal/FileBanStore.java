package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.Ban;
import dev.switchboard.spi.Scheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bans and escalation levels in one text file, for deployments without a database. The whole file is rewritten, to a
 * temporary file then moved over the old one atomically, so a crash leaves either the old or the new content, never
 * half of it. Lines are tab-separated: {@code ban <address> <banned-at ms> <until ms or -> <reason>} and
 * {@code escalation <address> <level> <last ban ms>}.
 *
 * <p>Writes are coalesced: a change updates the in-memory copy and schedules a rewrite on the application's
 * {@link Scheduler}, at most one write is in flight, changes made meanwhile are folded into the next write, and two
 * writes start at least the write interval apart. A ban storm (thousands of bans a second) therefore costs a few
 * rewrites a second instead of one full rewrite per ban under the firewall's ban lock. {@link #close()} writes what
 * is pending, so a clean shutdown loses no ban; after it, and when the scheduler no longer takes tasks, every change
 * is written at once on the caller's thread.
 */
public final class FileBanStore implements BanStore {

    /** Counter name: rewrites of the file. */
    public static final String COUNTER_WRITES = "ban-file-writes";
    /** Counter name: changes handed to the store (each ban, unban and escalation step). */
    public static final String COUNTER_CHANGES = "ban-file-changes";

    private static final System.Logger LOG = System.getLogger(FileBanStore.class.getName());

    private final Path file;
    private final long intervalMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Ban> bans = new TreeMap<>();
    private final Map<String, EscalationLevel> escalations = new TreeMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    // Held for the whole of a write, so two writes never overlap and close() waits for the one in flight.
    private final ReentrantLock writing = new ReentrantLock();
    private final Scheduler scheduler;
    private Future<?> pending;
    private boolean dirty;
    private boolean scheduled;
    private boolean closed;
    private long lastWriteStart = Long.MIN_VALUE / 2;

    /**
     * Opens the store with the default write interval of one second.
     *
     * @param file      the file
     * @param scheduler runs the coalesced writes
     * @throws IllegalArgumentException naming the file and line of a bad line, or when it cannot be read
     */
    public FileBanStore(Path file, Scheduler scheduler) {
        this(file, Duration.ofSeconds(1), scheduler);
    }

    /**
     * Opens the store, reading the file when it exists.
     *
     * @param file      the file
     * @param interval  shortest time between the starts of two rewrites
     * @param scheduler runs the coalesced writes
     * @throws IllegalArgumentException naming the file and line of a bad line, or when it cannot be read
     */
    public FileBanStore(Path file, Duration interval, Scheduler scheduler) {
        this.file = file;
        this.intervalMillis = Math.max(0, interval.toMillis());
        this.scheduler = scheduler;
        if (Files.exists(file)) {
            read(file);
        }
    }

    private void read(Path source) {
        try {
            int number = 0;
            for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                try {
                    if (f[0].equals("ban") && f.length == 5) {
                        Optional<Instant> until = f[3].equals("-")
                                ? Optional.empty()
                                : Optional.of(Instant.ofEpochMilli(Long.parseLong(f[3])));
                        bans.put(f[1], new Ban(f[1], Instant.ofEpochMilli(Long.parseLong(f[2])), until, f[4]));
                    } else if (f[0].equals("escalation") && f.length == 4) {
                        escalations.put(
                                f[1],
                                new EscalationLevel(
                                        f[1], Integer.parseInt(f[2]), Instant.ofEpochMilli(Long.parseLong(f[3]))));
                    } else {
                        throw new IllegalArgumentException("unknown line");
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "Firewall ban file " + source + " line " + number + " is not a ban or escalation line: "
                                    + line,
                            e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read the firewall ban file " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Ban> load() {
        lock.lock();
        try {
            return List.copyOf(bans.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void save(Ban ban) {
        boolean now;
        lock.lock();
        try {
            bans.put(ban.address(), ban);
            now = changed();
        } finally {
            lock.unlock();
        }
        writeNowIf(now);
    }

    @Override
    public void delete(String address) {
        boolean now = false;
        lock.lock();
        try {
            if (bans.remove(address) != null) {
                now = changed();
            }
        } finally {
            lock.unlock();
        }
        writeNowIf(now);
    }

    @Override
    public List<EscalationLevel> loadEscalations() {
        lock.lock();
        try {
            return List.copyOf(escalations.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveEscalation(EscalationLevel level) {
        boolean now;
        lock.lock();
        try {
            escalations.put(level.address(), level);
            now = changed();
        } finally {
            lock.unlock();
        }
        writeNowIf(now);
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of(COUNTER_WRITES, writes.get(), COUNTER_CHANGES, changes.get());
    }

    /** Writes what is pending and cancels the scheduled write; later changes are written at once. */
    @Override
    public void close() {
        Future<?> scheduledWrite;
        lock.lock();
        try {
            closed = true;
            scheduledWrite = pending;
        } finally {
            lock.unlock();
        }
        if (scheduledWrite != null) {
            scheduledWrite.cancel(false);
        }
        // A write in flight finishes first (it holds the writing lock), so this one writes the newest content.
        writeNowIf(true);
    }

    /**
     * Called under the lock after every change.
     *
     * @return true when the caller must write at once, after releasing the lock: the store is closed, or the
     *     scheduler takes no more tasks (the application is stopping)
     */
    private boolean changed() {
        changes.incrementAndGet();
        dirty = true;
        if (closed) {
            return true;
        }
        if (!scheduled) {
            long delay = Math.max(0, lastWriteStart + intervalMillis - System.currentTimeMillis());
            try {
                pending = scheduler.schedule(this::writePending, Duration.ofMillis(delay));
                scheduled = true;
            } catch (RejectedExecutionException e) {
                return true;
            }
        }
        return false;
    }

    private void writeNowIf(boolean now) {
        if (!now) {
            return;
        }
        writing.lock();
        try {
            List<String> lines;
            lock.lock();
            try {
                if (!dirty) {
                    return;
                }
                dirty = false;
                lines = snapshot();
            } finally {
                lock.unlock();
            }
            writeOrMarkDirty(lines, "");
        } finally {
            writing.unlock();
        }
    }

    private void writePending() {
        writing.lock();
        try {
            List<String> lines;
            lock.lock();
            try {
                scheduled = false;
                pending = null;
                if (!dirty) {
                    return;
                }
                dirty = false;
                lastWriteStart = System.currentTimeMillis();
                lines = snapshot();
            } finally {
                lock.unlock();
            }
            writeOrMarkDirty(lines, "; the bans hold in memory and the next change retries");
        } finally {
            writing.unlock();
        }
    }

    /** Under the writing lock: on failure the content is marked dirty again before another write may start. */
    private void writeOrMarkDirty(List<String> lines, String consequence) {
        try {
            write(lines);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Writing the firewall ban file " + file + " failed" + consequence, e);
            lock.lock();
            try {
                dirty = true;
            } finally {
                lock.unlock();
            }
        }
    }

    private List<String> snapshot() {
        List<String> lines = new ArrayList<>();
        lines.add("# Switchboard firewall bans and escalation levels; rewritten after changes");
        for (Ban ban : bans.values()) {
            lines.add("ban\t" + ban.address() + "\t" + ban.bannedAt().toEpochMilli() + "\t"
                    + ban.until().map(u -> Long.toString(u.toEpochMilli())).orElse("-") + "\t"
                    + ban.reason().replaceAll("[\\t\\r\\n]", " "));
        }
        for (EscalationLevel level : escalations.values()) {
            lines.add("escalation\t" + level.address() + "\t" + level.level() + "\t"
                    + level.lastBan().toEpochMilli());
        }
        return lines;
    }

    // Only under the writing lock: never two writes at once.
    private void write(List<String> lines) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        writes.incrementAndGet();
    }
}
