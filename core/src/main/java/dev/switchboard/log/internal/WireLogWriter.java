package dev.switchboard.log.internal;

import dev.switchboard.log.WireLogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes wire entries to the wire log file without making the message path wait: {@link #offer} puts an entry in a
 * bounded queue and, when no drain is pending, hands one drain to the application's executor. The drain formats,
 * masks and appends every waiting entry, rotating the file at its size cap. A full queue drops the entry and counts
 * it; the next drain writes one line saying how many were dropped.
 *
 * <p>Only one drain runs at a time (the {@code scheduled} flag is cleared when a drain has written everything it
 * took); the lock is for {@link #close}, which may race with a last drain at shutdown.
 */
public final class WireLogWriter {

    private static final System.Logger LOG = System.getLogger(WireLogWriter.class.getName());

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Entries one drain writes before it gives the executor's thread back to timers and queues itself again. */
    private static final int BATCH = 2000;

    private final WireLogSettings settings;
    private final Executor executor;
    private final ArrayBlockingQueue<WireEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock fileLock = new ReentrantLock();
    private OutputStream out;
    private long size;
    private boolean failed;
    private boolean closed;

    /**
     * Creates a writer; the file is opened on the first write.
     *
     * @param settings the wire log settings
     * @param executor runs the drains (the application's scheduler)
     */
    public WireLogWriter(WireLogSettings settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
        this.queue = new ArrayBlockingQueue<>(settings.queue());
    }

    /**
     * Queues an entry, never waiting.
     *
     * @param entry the entry
     */
    public void offer(WireEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
        schedule();
    }

    /**
     * Frames dropped so far because the queue was full, and not yet reported in the file.
     *
     * @return the count
     */
    public long droppedNotReported() {
        return dropped.get();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The application is stopping: close() writes what is left.
                scheduled.set(false);
            }
        }
    }

    /** Writes what is waiting; runs on the executor. */
    void drain() {
        try {
            writeWaiting(BATCH);
        } finally {
            scheduled.set(false);
        }
        if (!queue.isEmpty() || dropped.get() > 0) {
            schedule();
        }
    }

    /**
     * Writes everything still waiting and closes the file. Later entries are dropped.
     */
    public void close() {
        fileLock.lock();
        try {
            writeWaiting(Integer.MAX_VALUE);
            closed = true;
            closeFile();
        } finally {
            fileLock.unlock();
        }
    }

    private void writeWaiting(int most) {
        fileLock.lock();
        try {
            if (closed) {
                queue.clear();
                return;
            }
            StringBuilder lines = new StringBuilder(256);
            for (int i = 0; i < most; i++) {
                WireEntry entry = queue.poll();
                if (entry == null) {
                    break;
                }
                lines.setLength(0);
                format(entry, lines);
                append(lines);
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                lines.setLength(0);
                lines.append(TIME.format(Instant.now()))
                        .append(" - dropped ")
                        .append(lost)
                        .append(" frames: the wire log's queue was full\n");
                append(lines);
            }
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            fileLock.unlock();
        }
    }

    /**
     * One line: time, connection id, direction, transport, kind, size, payload. The payload is masked and escaped,
     * so neither a credential nor a line break a client sent reaches the file.
     */
    void format(WireEntry entry, StringBuilder line) {
        line.append(TIME.format(Instant.ofEpochMilli(entry.epochMillis())))
                .append(' ')
                .append(entry.connectionId())
                .append(' ')
                .append(entry.inbound() ? "in" : "out")
                .append(' ')
                .append(entry.transport())
                .append(' ')
                .append(entry.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (entry.kind() == WireEntry.Kind.CLOSE) {
            line.append(' ').append(entry.code());
        }
        line.append(' ').append(entry.size());
        Object payload = entry.payload();
        if (payload instanceof String text) {
            line.append(' ');
            escape(Masking.mask(text), settings.maxPayload(), line);
        } else if (payload instanceof byte[] bytes) {
            line.append(" base64:").append(Base64.getEncoder().encodeToString(bytes));
            if (entry.size() > bytes.length) {
                line.append("...(").append(entry.size() - bytes.length).append(" more bytes)");
            }
        }
        line.append('\n');
    }

    /** Appends text with line breaks, control characters and backslashes escaped, cut at {@code max} chars. */
    static void escape(String text, int max, StringBuilder line) {
        int end = Math.min(text.length(), max);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\\' -> line.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            line.append("...(").append(text.length() - end).append(" more chars)");
        }
    }

    private void append(CharSequence line) throws IOException {
        if (failed) {
            return;
        }
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            open();
        }
        if (size > 0 && size + bytes.length > settings.maxSize()) {
            rotate();
        }
        out.write(bytes);
        size += bytes.length;
    }

    private void open() throws IOException {
        Path file = settings.file();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    /** Renames file.(N-1) to file.N, ..., file to file.1, and starts an empty file. */
    private void rotate() throws IOException {
        out.flush();
        closeFile();
        Path file = settings.file();
        int keep = settings.maxFiles();
        Files.deleteIfExists(rotated(file, keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = rotated(file, i);
            if (Files.exists(from)) {
                Files.move(from, rotated(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /**
     * The name of a rotated file.
     *
     * @param file  the wire log file
     * @param index 1 for the newest rotated file
     * @return the path
     */
    public static Path rotated(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing the wire log failed", e);
            }
            out = null;
        }
    }

    private void fail(IOException e) {
        // One warning, not one per frame: the wire log stops writing until the application restarts.
        failed = true;
        closeFile();
        queue.clear();
        LOG.log(
                System.Logger.Level.WARNING,
                "The wire log cannot write to " + settings.file() + "; it writes nothing more until restarted",
                e);
    }
}
