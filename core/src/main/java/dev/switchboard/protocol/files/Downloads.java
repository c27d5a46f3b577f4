package dev.switchboard.protocol.files;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.event.FileSentEvent;
import dev.switchboard.protocol.files.FilePacket.Streaming;
import dev.switchboard.spi.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The sending side of the Files protocol: files the application sends to a connection, read from disk one
 * BufferSize chunk at a time. At QoS 1 the next chunk goes when the previous one is acknowledged, at QoS 2 when the
 * client asks for it with {@code sgc@filerec}; at QoS 0 chunks are paced by the connection's outbound queue, so a
 * large file never fills it. Only one chunk is in memory per transfer.
 *
 * <p>A QoS 2 transfer to a logged-in user whose connection closes is kept, its file still open, for
 * {@link FilesSettings#downloadResumeWindow()}: the user's next Files connection is sent the header again, the client
 * answers {@code sgc@filerec} at the size it holds, and the transfer goes on from there. An anonymous connection has no
 * name that survives its reconnect, so its transfers end with it.
 */
final class Downloads {

    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());

    /** How long a QoS 0 transfer waits for its connection's queue to drain before looking again. */
    private static final Duration PACING_DELAY = Duration.ofMillis(5);

    /** One file being sent to one connection, or kept for its user to come back. */
    private static final class Download {
        final ReentrantLock lock = new ReentrantLock();
        /** The connection id and FileId it is listed under while it has a connection. */
        String key;
        /** The connection it goes to, or null while it is kept for a resume. */
        Connection connection;

        final FilePacket header;
        final FilesGateway.Offer offer;
        /** The order transfers started in, so that the oldest of a closed connection's is kept first. */
        final long sequence;

        FileChannel in;
        /** The login it is kept for after its connection closed, or null. */
        String user;
        /** The position the client asked for last: what it holds. */
        long acknowledged;

        Future<?> expiry;
        /** The position after the chunk sent last. */
        long position;
        /** The id of the packet a QoS 1 acknowledgment is awaited for. */
        String awaited;

        boolean lastSent;
        boolean finished;
        ByteBuffer lastFrame;
        long lastSentNanos;

        Download(String key, Connection connection, FilePacket header, FilesGateway.Offer offer, long sequence) {
            this.key = key;
            this.connection = connection;
            this.header = header;
            this.offer = offer;
            this.sequence = sequence;
        }
    }

    /** The connection attribute listing the transfers started on the connection. */
    private static final String ATTRIBUTE = "dev.switchboard.files.downloads";

    private final FilesSettings settings;
    private final int window;
    private final int maxBufferSize;
    private final Consumer<Object> events;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, Download> downloads = new ConcurrentHashMap<>();
    private final AtomicInteger openFiles = new AtomicInteger();
    private final AtomicLong sequences = new AtomicLong();

    /**
     * Guards {@link #kept}, {@link #keptInOrder} and {@link #openByUser}. Taken under a download's lock, so no
     * download's lock is taken while it is held.
     */
    private final ReentrantLock keptLock = new ReentrantLock();
    /** Interrupted transfers by login, each user's oldest first. */
    private final Map<String, LinkedHashSet<Download>> kept = new HashMap<>();
    /** Every interrupted transfer, oldest first, for the total bound. */
    private final LinkedHashSet<Download> keptInOrder = new LinkedHashSet<>();
    /** The open Files connections of each login, so that a transfer can move to one that opened first. */
    private final Map<String, Set<Connection>> openByUser = new HashMap<>();

    Downloads(FilesSettings settings, long outboundMaxBytes, Consumer<Object> events, Scheduler scheduler) {
        this.settings = settings;
        this.maxBufferSize = (int) Math.max(1, Math.min(settings.maxChunkBytes(), outboundMaxBytes / 4));
        this.window = 2;
        this.events = events;
        this.scheduler = scheduler;
    }

    /** The packet size used for an asked one: at least 1, at most a quarter of the outbound queue. */
    int bufferSize(int asked) {
        return asked <= 0 ? maxBufferSize : Math.min(asked, maxBufferSize);
    }

    /**
     * Starts sending a file to a connection.
     *
     * @return false when the file could not be opened or a transfer with the id is already running
     */
    boolean start(Connection connection, FilesGateway.Offer offer) {
        String key = connection.id() + '\u0000' + offer.fileId();
        FilePacket header = new FilePacket(
                Uploads.newId(),
                offer.fileId(),
                offer.fileName(),
                offer.fileSize(),
                0,
                bufferSize(offer.bufferSize()),
                offer.data(),
                Streaming.stmNone,
                offer.qos(),
                FilePacket.FILE,
                "",
                offer.channel(),
                null);
        Download download = new Download(key, connection, header, offer, sequences.incrementAndGet());
        try {
            download.in = FileChannel.open(offer.path(), StandardOpenOption.READ);
            openFiles.incrementAndGet();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "A file to send cannot be read: " + offer.path(), e);
            return false;
        }
        if (downloads.putIfAbsent(key, download) != null) {
            closeQuietly(download);
            return false;
        }
        startedOn(connection).add(download);
        download.lock.lock();
        try {
            if (!connection.isOpen()) {
                // It closed meanwhile, perhaps before the transfer was listed for its close.
                finish(download, false);
                return false;
            }
            download.awaited = header.id();
            send(download, FileCodec.encode(header));
            if (offer.qos() == 0) {
                pump(download);
            }
        } finally {
            download.lock.unlock();
        }
        return true;
    }

    /** The transfers started on a connection, for its close; finished ones leave it then too. */
    @SuppressWarnings("unchecked")
    private static java.util.Set<Download> startedOn(Connection connection) {
        return (java.util.Set<Download>)
                connection.attributes().computeIfAbsent(ATTRIBUTE, k -> ConcurrentHashMap.<Download>newKeySet());
    }

    /** QoS 0: sends chunks while the connection's queue has room, then looks again a little later. */
    private void pump(Download download) {
        while (!download.finished && !download.lastSent && download.connection.isOpen()) {
            if (download.connection.stats().queued() >= window) {
                scheduler.schedule(() -> locked(download, () -> pump(download)), PACING_DELAY);
                return;
            }
            if (!sendChunk(download, download.position)) {
                return;
            }
        }
        if (download.lastSent && !download.finished) {
            finish(download, true);
        }
    }

    /** Sends the chunk that starts at a position; false when the transfer ended on a read error. */
    private boolean sendChunk(Download download, long from) {
        long size = download.header.fileSize();
        int length = (int) Math.min(download.header.bufferSize(), size - from);
        ByteBuffer bytes = ByteBuffer.allocate(Math.max(length, 0));
        try {
            while (bytes.hasRemaining()) {
                int read = download.in.read(bytes, from + bytes.position());
                if (read < 0) {
                    throw new IOException("the file became shorter while it was sent");
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "A file being sent could not be read: " + download.offer.path(), e);
            send(
                    download,
                    FileCodec.encode(download.header.control(
                            FilePacket.FILE_RECEIVED_ERROR, Uploads.newId(), from, "the file could not be read")));
            finish(download, false);
            return false;
        }
        long after = from + length;
        boolean last = after >= size;
        FilePacket chunk = download.header.chunk(
                Uploads.newId(), last ? Streaming.stmLast : Streaming.stmContinue, after, bytes.flip());
        download.position = after;
        download.lastSent = last;
        download.awaited = chunk.id();
        send(download, FileCodec.encode(chunk));
        return true;
    }

    private void send(Download download, ByteBuffer frame) {
        download.lastFrame = frame;
        download.lastSentNanos = System.nanoTime();
        download.connection.sendBinary(frame.duplicate());
    }

    /** {@code sgc@acknowledgment} from the client: at QoS 1 the next chunk goes. */
    void acknowledged(Connection connection, FilePacket packet) {
        Download download = downloads.get(connection.id() + '\u0000' + packet.fileId());
        if (download == null || download.header.qos() != 1) {
            return;
        }
        locked(download, () -> {
            if (download.finished || !packet.id().equals(download.awaited) || download.lastSent) {
                return;
            }
            sendChunk(download, download.position);
        });
    }

    /** {@code sgc@filerec} from the client: at QoS 2 the chunk from the position it names goes. */
    void requested(Connection connection, FilePacket packet) {
        Download download = downloads.get(connection.id() + '\u0000' + packet.fileId());
        if (download == null || download.header.qos() != 2) {
            return;
        }
        locked(download, () -> {
            if (download.finished) {
                return;
            }
            long from = packet.filePosition();
            download.acknowledged = Math.max(0, Math.min(from, download.header.fileSize()));
            if (from > download.header.fileSize()) {
                send(
                        download,
                        FileCodec.encode(download.header.control(
                                FilePacket.FILE_RECEIVED_ERROR,
                                Uploads.newId(),
                                from,
                                "position past the end of the file")));
                finish(download, false);
                return;
            }
            if (from == download.header.fileSize() && download.lastSent) {
                return; // everything was sent; sgc@file_received is next
            }
            sendChunk(download, from);
        });
    }

    /** {@code sgc@file_received} from the client: the transfer is complete. */
    void received(Connection connection, FilePacket packet) {
        Download download = downloads.get(connection.id() + '\u0000' + packet.fileId());
        if (download != null) {
            locked(download, () -> {
                if (!download.finished) {
                    finish(download, true);
                }
            });
        }
    }

    /** An error packet from the client: the transfer ends. */
    void failed(Connection connection, FilePacket packet) {
        Download download = downloads.get(connection.id() + '\u0000' + packet.fileId());
        if (download != null) {
            LOG.log(System.Logger.Level.DEBUG, "A client refused a file: {0}", packet.text());
            locked(download, () -> finish(download, false));
        }
    }

    /** A Files connection opened: a logged-in user's interrupted transfers go on on it. */
    void opened(Connection connection) {
        String user = loginOf(connection);
        if (user == null) {
            return;
        }
        List<Download> resumed;
        keptLock.lock();
        try {
            openByUser.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(connection);
            LinkedHashSet<Download> mine = kept.remove(user);
            resumed = mine == null ? List.of() : new ArrayList<>(mine);
            keptInOrder.removeAll(resumed);
        } finally {
            keptLock.unlock();
        }
        List<Download> dropped = new ArrayList<>();
        for (Download download : resumed) {
            locked(download, () -> {
                if (!download.finished && download.connection == null) {
                    resumeOn(download, connection, dropped);
                }
            });
        }
        drop(dropped, "the user's connection closed again");
    }

    /**
     * Moves a detached transfer to a connection of its user and sends the header again; the client answers with
     * {@code sgc@filerec} at the size it holds. Called under the download's lock.
     */
    private void resumeOn(Download download, Connection connection, List<Download> dropped) {
        if (download.expiry != null) {
            download.expiry.cancel(false);
            download.expiry = null;
        }
        String key = connection.id() + '\u0000' + download.header.fileId();
        if (downloads.putIfAbsent(key, download) != null) {
            finish(download, false);
            return;
        }
        download.key = key;
        download.connection = connection;
        download.user = null;
        startedOn(connection).add(download);
        if (!connection.isOpen()) {
            // It closed meanwhile, perhaps before the transfer was listed for its close: kept again.
            detach(download, connection, dropped);
            return;
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "A download resumes on connection {0} after {1} acknowledged bytes",
                connection.id(),
                download.acknowledged);
        download.awaited = download.header.id();
        send(download, FileCodec.encode(download.header));
    }

    /** A connection closed: its QoS 2 transfers to a logged-in user are kept for a resume, the others end. */
    void closed(Connection connection) {
        String user = loginOf(connection);
        if (user != null) {
            keptLock.lock();
            try {
                Set<Connection> open = openByUser.get(user);
                if (open != null && open.remove(connection) && open.isEmpty()) {
                    openByUser.remove(user);
                }
            } finally {
                keptLock.unlock();
            }
        }
        List<Download> dropped = new ArrayList<>();
        if (connection.attributes().remove(ATTRIBUTE) instanceof java.util.Set<?> started) {
            List<Download> oldestFirst = new ArrayList<>();
            for (Object each : started) {
                oldestFirst.add((Download) each);
            }
            oldestFirst.sort(java.util.Comparator.comparingLong(d -> d.sequence));
            for (Download download : oldestFirst) {
                locked(download, () -> detach(download, connection, dropped));
            }
        }
        drop(dropped, "more interrupted downloads than may be kept");
    }

    /**
     * Takes a transfer off its closed connection: kept, or moved at once to a connection of the same user that
     * opened after it (the client came back before its old connection was seen to close), or ended. Called under the
     * download's lock; the transfers the bounds push out are added to {@code dropped}, to be ended without it.
     */
    private void detach(Download download, Connection connection, List<Download> dropped) {
        if (download.finished || download.connection != connection) {
            return;
        }
        String user = loginOf(connection);
        if (download.header.qos() != 2
                || user == null
                || settings.downloadResumeWindow().isZero()) {
            finish(download, false);
            return;
        }
        downloads.remove(download.key, download);
        download.connection = null;
        download.key = null;
        Connection newer = null;
        keptLock.lock();
        try {
            Set<Connection> open = openByUser.get(user);
            if (open != null) {
                for (Connection candidate : open) {
                    if (candidate.isOpen()
                            && !candidate.connectedAt().isBefore(connection.connectedAt())
                            && (newer == null || candidate.connectedAt().isAfter(newer.connectedAt()))) {
                        newer = candidate;
                    }
                }
            }
            if (newer == null) {
                download.user = user;
                LinkedHashSet<Download> mine = kept.computeIfAbsent(user, u -> new LinkedHashSet<>());
                mine.add(download);
                keptInOrder.add(download);
                if (mine.size() > settings.maxKeptDownloadsPerUser()) {
                    Download oldest = mine.iterator().next();
                    forgetKept(oldest);
                    dropped.add(oldest);
                    LOG.log(
                            System.Logger.Level.INFO,
                            "An interrupted download of {0} was dropped: at most {1} are kept per user"
                                    + " (switchboard.files.max-kept-downloads-per-user)",
                            oldest.header.fileName(),
                            settings.maxKeptDownloadsPerUser());
                }
                if (keptInOrder.size() > settings.maxKeptDownloads()) {
                    Download oldest = keptInOrder.iterator().next();
                    forgetKept(oldest);
                    dropped.add(oldest);
                    LOG.log(
                            System.Logger.Level.INFO,
                            "An interrupted download of {0} was dropped: at most {1} are kept"
                                    + " (switchboard.files.max-kept-downloads)",
                            oldest.header.fileName(),
                            settings.maxKeptDownloads());
                }
            }
        } finally {
            keptLock.unlock();
        }
        if (newer != null) {
            resumeOn(download, newer, dropped);
        } else if (!dropped.contains(download)) {
            download.expiry = scheduler.schedule(() -> expire(download), settings.downloadResumeWindow());
        }
    }

    /** Ends transfers pushed out of the kept ones, each under its own lock. */
    private void drop(List<Download> dropped, String why) {
        for (Download download : dropped) {
            locked(download, () -> {
                if (download.connection == null) {
                    LOG.log(System.Logger.Level.DEBUG, "A kept download ended: {0}", why);
                    finish(download, false);
                }
            });
        }
    }

    private void expire(Download download) {
        locked(download, () -> {
            if (download.connection == null && !download.finished) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "An interrupted download of {0} was dropped: its user did not come back within {1}"
                                + " (switchboard.files.download-resume-window), {2} of {3} bytes acknowledged",
                        download.header.fileName(),
                        settings.downloadResumeWindow(),
                        download.acknowledged,
                        download.header.fileSize());
                finish(download, false);
            }
        });
    }

    /** Takes a transfer off the kept ones; the caller holds {@link #keptLock}. */
    private void forgetKept(Download download) {
        keptInOrder.remove(download);
        if (download.user != null) {
            LinkedHashSet<Download> mine = kept.get(download.user);
            if (mine != null && mine.remove(download) && mine.isEmpty()) {
                kept.remove(download.user);
            }
        }
    }

    /** The files transfers hold open: those being sent and those kept for a resume. */
    int openFiles() {
        return openFiles.get();
    }

    /** The interrupted transfers kept for their users to come back. */
    int kept() {
        keptLock.lock();
        try {
            return keptInOrder.size();
        } finally {
            keptLock.unlock();
        }
    }

    /**
     * The login a connection's transfers are kept for: its identity's name, else its principal's; null for an
     * anonymous connection, whose next connection cannot be told from anybody else's.
     */
    static String loginOf(Connection connection) {
        Optional<String> name = connection
                .identity()
                .map(Identity::name)
                .or(() -> connection.principal().map(Principal::getName));
        return name.filter(n -> !n.isEmpty()).orElse(null);
    }

    /** The QoS 2 retry: the packet sent last and unanswered for the timeout is sent again. */
    void retry() {
        long timeout = settings.qosTimeout().toNanos();
        long now = System.nanoTime();
        for (Download download : downloads.values()) {
            if (download.header.qos() == 2 && now - download.lastSentNanos >= timeout) {
                locked(download, () -> {
                    if (!download.finished && download.lastFrame != null) {
                        send(download, download.lastFrame);
                    }
                });
            }
        }
    }

    /** Ends every transfer, the kept ones too, and closes their files: nothing resumes across a restart. */
    void stop() {
        List<Download> all = new ArrayList<>(downloads.values());
        keptLock.lock();
        try {
            all.addAll(keptInOrder);
            keptInOrder.clear();
            kept.clear();
            openByUser.clear();
        } finally {
            keptLock.unlock();
        }
        for (Download download : all) {
            locked(download, () -> finish(download, false));
        }
    }

    private void finish(Download download, boolean sent) {
        if (download.finished) {
            return;
        }
        download.finished = true;
        if (download.expiry != null) {
            download.expiry.cancel(false);
            download.expiry = null;
        }
        if (download.key != null) {
            downloads.remove(download.key, download);
        }
        if (download.connection == null) {
            keptLock.lock();
            try {
                forgetKept(download);
            } finally {
                keptLock.unlock();
            }
        } else if (download.connection.attributes().get(ATTRIBUTE) instanceof java.util.Set<?> started) {
            started.remove(download);
        }
        closeQuietly(download);
        if (sent) {
            FilePacket header = download.header;
            events.accept(new FileSentEvent(
                    download.connection, header.fileId(), header.fileName(), header.fileSize(), header.channel()));
        }
    }

    private static void locked(Download download, Runnable action) {
        download.lock.lock();
        try {
            action.run();
        } finally {
            download.lock.unlock();
        }
    }

    private void closeQuietly(Download download) {
        if (download.in == null) {
            return;
        }
        try {
            download.in.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "A file being sent did not close", e);
        }
        download.in = null;
        openFiles.decrementAndGet();
    }
}
