package dev.switchboard.protocol.files;

import dev.switchboard.api.Connection;
import dev.switchboard.api.event.FileSentEvent;
import dev.switchboard.protocol.files.FilePacket.Streaming;
import dev.switchboard.spi.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The sending side of the Files protocol: files the application sends to a connection, read from disk one
 * BufferSize chunk at a time. At QoS 1 the next chunk goes when the previous one is acknowledged, at QoS 2 when the
 * client asks for it with {@code sgc@filerec}; at QoS 0 chunks are paced by the connection's outbound queue, so a
 * large file never fills it. Only one chunk is in memory per transfer.
 */
final class Downloads {

    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());

    /** How long a QoS 0 transfer waits for its connection's queue to drain before looking again. */
    private static final Duration PACING_DELAY = Duration.ofMillis(5);

    /** One file being sent to one connection. */
    private static final class Download {
        final ReentrantLock lock = new ReentrantLock();
        final String key;
        final Connection connection;
        final FilePacket header;
        final FilesGateway.Offer offer;
        FileChannel in;
        /** The position after the chunk sent last. */
        long position;
        /** The id of the packet a QoS 1 acknowledgment is awaited for. */
        String awaited;

        boolean lastSent;
        boolean finished;
        ByteBuffer lastFrame;
        long lastSentNanos;

        Download(String key, Connection connection, FilePacket header, FilesGateway.Offer offer) {
            this.key = key;
            this.connection = connection;
            this.header = header;
            this.offer = offer;
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
        Download download = new Download(key, connection, header, offer);
        try {
            download.in = FileChannel.open(offer.path(), StandardOpenOption.READ);
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

    void closed(Connection connection) {
        if (connection.attributes().remove(ATTRIBUTE) instanceof java.util.Set<?> started) {
            for (Object each : started) {
                Download download = (Download) each;
                locked(download, () -> finish(download, false));
            }
        }
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

    void stop() {
        for (Download download : downloads.values()) {
            locked(download, () -> finish(download, false));
        }
    }

    private void finish(Download download, boolean sent) {
        if (download.finished) {
            return;
        }
        download.finished = true;
        downloads.remove(download.key, download);
        if (download.connection.attributes().get(ATTRIBUTE) instanceof java.util.Set<?> started) {
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

    private static void closeQuietly(Download download) {
        try {
            download.in.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "A file being sent did not close", e);
        }
    }
}
