package dev.switchboard.protocol.files;

import dev.switchboard.api.Connection;
import dev.switchboard.api.event.FileReceivedEvent;
import dev.switchboard.api.event.FileUploadDecision;
import dev.switchboard.api.event.FileUploadEvent;
import dev.switchboard.spi.FileUploadHandler;
import dev.switchboard.spi.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The receiving side of the Files protocol: uploads from clients, spooled chunk by chunk to a file, at QoS 0, 1 and
 * 2, with quotas, the application's veto, the file-received event, and the resume of an interrupted QoS 2 upload.
 * Calls for one connection come serially from its inbound thread; the close of a connection, the resume from
 * another one and the retry timer reach an upload under its own lock.
 */
final class Uploads {

    private static final System.Logger LOG = System.getLogger(Uploads.class.getName());

    /** One upload in progress or waiting for its client to come back. */
    private static final class Upload {
        final ReentrantLock lock = new ReentrantLock();
        final String key;
        final String user;
        final FilePacket header;
        final Path spool;
        FileChannel out;
        long received;
        /** The id of the connection it arrives on, or null while it waits for a resume. */
        volatile Connection owner;

        Future<?> expiry;
        volatile long lastReplyNanos;
        boolean finished;

        Upload(String key, String user, FilePacket header, Path spool) {
            this.key = key;
            this.user = user;
            this.header = header;
            this.spool = spool;
        }
    }

    /** A QoS 2 upload that completed, remembered so that a client that missed the confirmation is told again. */
    private record Completed(FilePacket header, long received, long atNanos) {}

    /** Most completed QoS 2 uploads remembered; the oldest are forgotten first. */
    static final int MAX_COMPLETED = 10_000;

    private final ReentrantLock completedLock = new ReentrantLock();
    private final java.util.LinkedHashMap<String, Completed> completed = new java.util.LinkedHashMap<>();

    /** The connection attribute listing the uploads that arrived on the connection. */
    private static final String ATTRIBUTE = "dev.switchboard.files.uploads";

    private final FilesSettings settings;
    private final Quotas quotas;
    private final List<FileUploadHandler> handlers;
    private final Consumer<Object> events;
    private final Consumer<Connection> overBudget;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, Upload> uploads = new ConcurrentHashMap<>();

    Uploads(
            FilesSettings settings,
            List<FileUploadHandler> handlers,
            Consumer<Object> events,
            Consumer<Connection> overBudget,
            Scheduler scheduler) {
        this.overBudget = overBudget;
        this.settings = settings;
        this.quotas =
                new Quotas(settings.maxTransfersPerUser(), settings.maxSpoolBytesPerUser(), settings.maxSpoolBytes());
        this.handlers = handlers;
        this.events = events;
        this.scheduler = scheduler;
    }

    /** The header packet: starts an upload, or resumes an interrupted QoS 2 one with the same FileId. */
    void header(Connection connection, String user, FilePacket packet) {
        String refusal = FileNames.idRefusal(packet.fileId());
        if (refusal != null) {
            FilesProtocol.sendError(connection, packet, refusal);
            return;
        }
        String key = key(connection, user, packet.fileId());
        Upload existing = uploads.get(key);
        if (existing != null) {
            resume(connection, existing, packet);
            return;
        }
        if (confirmAgain(connection, key, packet)) {
            return;
        }
        refusal = FileNames.refusal(packet.fileName());
        boolean anonymous = FilesProtocol.isAnonymous(connection);
        long maxFileBytes = anonymous
                ? Math.min(settings.maxFileBytes(), settings.anonymousMaxFileBytes())
                : settings.maxFileBytes();
        if (refusal == null && packet.fileSize() > maxFileBytes) {
            overBudget.accept(connection);
            refusal = "file too large: " + packet.fileSize() + " bytes, at most " + maxFileBytes
                    + (anonymous ? " without login" : "");
        }
        if (refusal != null) {
            FilesProtocol.sendError(connection, packet, refusal);
            return;
        }
        refusal = quotas.reserve(user, packet.fileSize());
        if (refusal != null) {
            overBudget.accept(connection);
            FilesProtocol.sendError(connection, packet, refusal);
            return;
        }
        refusal = veto(connection, packet);
        if (refusal != null) {
            quotas.release(user, packet.fileSize());
            FilesProtocol.sendError(connection, packet, refusal);
            return;
        }
        Upload upload;
        try {
            Path spool = FileNames.underSpool(settings.spoolDirectory(), spoolName(key));
            upload = new Upload(key, user, packet, spool);
            upload.out = FileChannel.open(
                    spool, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            quotas.release(user, packet.fileSize());
            LOG.log(System.Logger.Level.WARNING, "A spool file could not be created", e);
            FilesProtocol.sendError(connection, packet, "the file could not be stored");
            return;
        }
        // Owned before it is visible, so that nobody takes it for an interrupted upload.
        upload.owner = connection;
        if (uploads.putIfAbsent(key, upload) != null) {
            // Another connection started the same transfer at this instant; this one gives way.
            discard(upload);
            FilesProtocol.sendError(connection, packet, "already receiving a file with this FileId");
            return;
        }
        upload.lock.lock();
        try {
            own(upload, connection);
            acknowledge(connection, upload, packet);
        } finally {
            upload.lock.unlock();
        }
    }

    /** Makes a connection the one an upload arrives on, and lists the upload with the connection for its close. */
    @SuppressWarnings("unchecked")
    private static void own(Upload upload, Connection connection) {
        upload.owner = connection;
        ((java.util.Set<Upload>)
                        connection.attributes().computeIfAbsent(ATTRIBUTE, k -> ConcurrentHashMap.<Upload>newKeySet()))
                .add(upload);
    }

    /** Takes a finished upload off its connection's list. */
    private static void forget(Upload upload) {
        Connection owner = upload.owner;
        if (owner != null && owner.attributes().get(ATTRIBUTE) instanceof java.util.Set<?> owned) {
            owned.remove(upload);
        }
    }

    private static boolean owns(Upload upload, Connection connection) {
        Connection owner = upload.owner;
        return owner != null && owner.id().equals(connection.id());
    }

    private void resume(Connection connection, Upload upload, FilePacket packet) {
        upload.lock.lock();
        try {
            if (upload.finished || upload.header.qos() != 2) {
                FilesProtocol.sendError(connection, packet, "already receiving a file with this FileId");
                return;
            }
            if (upload.owner != null && !owns(upload, connection)) {
                // The client came back before the server saw its old connection go: the new one takes over, and
                // the old one's packets for this file are refused from now on.
                own(upload, connection);
            }
            if (upload.owner == null) {
                if (upload.expiry != null) {
                    upload.expiry.cancel(false);
                    upload.expiry = null;
                }
                try {
                    upload.out = FileChannel.open(upload.spool, StandardOpenOption.WRITE);
                    // Only acknowledged bytes count; anything past them is written again.
                    upload.out.truncate(upload.received);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "A spool file could not be reopened", e);
                    fail(upload, "the file could not be stored");
                    FilesProtocol.sendError(connection, packet, "the file could not be stored");
                    return;
                }
                own(upload, connection);
            }
            acknowledge(connection, upload, packet);
        } finally {
            upload.lock.unlock();
        }
    }

    /** Answers a packet as its QoS asks: an acknowledgment at 1 and 2, and at 2 the position to send from. */
    private void acknowledge(Connection connection, Upload upload, FilePacket packet) {
        if (upload.header.qos() >= 1) {
            connection.sendBinary(FileCodec.encode(
                    upload.header.control(FilePacket.ACKNOWLEDGMENT, packet.id(), packet.filePosition(), "")));
        }
        if (upload.header.qos() == 2) {
            sendFilerec(connection, upload);
        }
    }

    private void sendFilerec(Connection connection, Upload upload) {
        upload.lastReplyNanos = System.nanoTime();
        connection.sendBinary(
                FileCodec.encode(upload.header.control(FilePacket.FILEREC, newId(), upload.received, "")));
    }

    /** A data packet of an upload of this connection. */
    void chunk(Connection connection, String user, FilePacket packet) {
        String key = key(connection, user, packet.fileId());
        Upload upload = uploads.get(key);
        if (upload == null) {
            if (!confirmAgain(connection, key, packet)) {
                FilesProtocol.sendError(connection, packet, "no file is being received with this FileId");
            }
            return;
        }
        upload.lock.lock();
        try {
            if (!owns(upload, connection) || upload.finished) {
                FilesProtocol.sendError(connection, packet, "no file is being received with this FileId");
                return;
            }
            int length = packet.payload().remaining();
            if (length > settings.maxChunkBytes()) {
                overBudget.accept(connection);
                refuse(
                        connection,
                        upload,
                        packet,
                        "chunk too big: " + length + " bytes, at most " + settings.maxChunkBytes());
                return;
            }
            long fileSize = upload.header.fileSize();
            if (upload.header.qos() == 2) {
                long start = packet.filePosition() - length;
                if (start < upload.received && packet.filePosition() <= upload.received) {
                    // A chunk sent again after a timeout: already stored, so only the answers are repeated.
                    acknowledge(connection, upload, packet);
                    return;
                }
                if (start != upload.received) {
                    refuse(
                            connection,
                            upload,
                            packet,
                            "the chunk ends at " + packet.filePosition() + " but " + upload.received
                                    + " bytes were received before it");
                    return;
                }
            }
            if (upload.received + length > fileSize) {
                refuse(connection, upload, packet, "more bytes than the announced " + fileSize);
                return;
            }
            try {
                ByteBuffer bytes = packet.payload().duplicate();
                long at = upload.received;
                while (bytes.hasRemaining()) {
                    at += upload.out.write(bytes, at);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "A spool file could not be written", e);
                refuse(connection, upload, packet, "the file could not be stored");
                return;
            }
            upload.received += length;
            if (!packet.streaming().last()) {
                acknowledge(connection, upload, packet);
                return;
            }
            if (upload.received != fileSize) {
                refuse(
                        connection,
                        upload,
                        packet,
                        "size mismatch: " + upload.received + " bytes received, " + fileSize + " announced");
                return;
            }
            if (upload.header.qos() >= 1) {
                connection.sendBinary(FileCodec.encode(
                        upload.header.control(FilePacket.ACKNOWLEDGMENT, packet.id(), packet.filePosition(), "")));
            }
            complete(connection, upload);
        } finally {
            upload.lock.unlock();
        }
    }

    private void complete(Connection connection, Upload upload) {
        forget(upload);
        upload.finished = true;
        closeQuietly(upload);
        uploads.remove(upload.key, upload);
        FilePacket header = upload.header;
        try {
            events.accept(new FileReceivedEvent(
                    connection, header.fileName(), header.fileSize(), header.channel(), header.data(), upload.spool));
        } finally {
            if (!settings.keepReceived()) {
                deleteQuietly(upload.spool);
            }
            quotas.release(upload.user, header.fileSize());
        }
        if (header.qos() == 2) {
            remember(upload.key, new Completed(header, upload.received, System.nanoTime()));
        }
        if (header.qos() >= 1) {
            connection.sendBinary(
                    FileCodec.encode(header.control(FilePacket.FILE_RECEIVED, newId(), upload.received, "")));
        }
    }

    private void remember(String key, Completed done) {
        completedLock.lock();
        try {
            completed.remove(key);
            completed.put(key, done);
            java.util.Iterator<Completed> oldest = completed.values().iterator();
            while (completed.size() > MAX_COMPLETED) {
                oldest.next();
                oldest.remove();
            }
        } finally {
            completedLock.unlock();
        }
    }

    /**
     * A QoS 2 client sent the header or a chunk of an upload that completed within the resume window (the
     * confirmation was lost with its connection): it is told again that the file arrived, and nothing is stored twice.
     *
     * @return whether the packet was of such an upload
     */
    private boolean confirmAgain(Connection connection, String key, FilePacket packet) {
        Completed done;
        completedLock.lock();
        try {
            done = completed.get(key);
            if (done != null
                    && System.nanoTime() - done.atNanos()
                            > settings.resumeWindow().toNanos()) {
                completed.remove(key);
                done = null;
            }
        } finally {
            completedLock.unlock();
        }
        if (done == null || packet.filePosition() > done.received()) {
            return false;
        }
        if (packet.payload().hasRemaining() || packet.filePosition() > 0) {
            connection.sendBinary(FileCodec.encode(
                    done.header().control(FilePacket.ACKNOWLEDGMENT, packet.id(), packet.filePosition(), "")));
        }
        connection.sendBinary(
                FileCodec.encode(done.header().control(FilePacket.FILE_RECEIVED, newId(), done.received(), "")));
        return true;
    }

    /** Ends an upload with an error the client is told; its partial file is deleted. */
    private void refuse(Connection connection, Upload upload, FilePacket packet, String text) {
        fail(upload, text);
        FilesProtocol.sendError(connection, packet, text);
    }

    private void fail(Upload upload, String reason) {
        LOG.log(System.Logger.Level.DEBUG, "An upload ended: {0}", reason);
        forget(upload);
        upload.finished = true;
        uploads.remove(upload.key, upload);
        discard(upload);
        quotas.release(upload.user, upload.header.fileSize());
    }

    /** A connection closed: its QoS 0 and 1 uploads are dropped, its QoS 2 ones wait for a resume. */
    void closed(Connection connection) {
        if (!(connection.attributes().remove(ATTRIBUTE) instanceof java.util.Set<?> owned)) {
            return;
        }
        for (Object each : owned) {
            Upload upload = (Upload) each;
            upload.lock.lock();
            try {
                if (!owns(upload, connection) || upload.finished) {
                    continue;
                }
                if (upload.header.qos() < 2 || settings.resumeWindow().isZero()) {
                    fail(upload, "its connection closed");
                    continue;
                }
                upload.owner = null;
                closeQuietly(upload);
                upload.expiry = scheduler.schedule(() -> expire(upload), settings.resumeWindow());
            } finally {
                upload.lock.unlock();
            }
        }
    }

    private void expire(Upload upload) {
        upload.lock.lock();
        try {
            if (upload.owner == null && !upload.finished) {
                fail(upload, "it was not resumed in time");
            }
        } finally {
            upload.lock.unlock();
        }
    }

    /** The QoS 2 retry: a filerec unanswered for the timeout is sent again. */
    void retry() {
        long timeout = settings.qosTimeout().toNanos();
        long now = System.nanoTime();
        for (Upload upload : uploads.values()) {
            if (upload.header.qos() != 2 || upload.owner == null || now - upload.lastReplyNanos < timeout) {
                continue;
            }
            upload.lock.lock();
            try {
                if (upload.owner != null && !upload.finished && now - upload.lastReplyNanos >= timeout) {
                    sendFilerec(upload.owner, upload);
                }
            } finally {
                upload.lock.unlock();
            }
        }
    }

    /** Drops every upload and its spool file: the server stops, and no upload resumes across a restart. */
    void stop() {
        for (Upload upload : uploads.values()) {
            upload.lock.lock();
            try {
                if (upload.expiry != null) {
                    upload.expiry.cancel(false);
                }
                if (!upload.finished) {
                    upload.finished = true;
                    discard(upload);
                }
            } finally {
                upload.lock.unlock();
            }
        }
    }

    private String veto(Connection connection, FilePacket packet) {
        FileUploadEvent event =
                new FileUploadEvent(connection, packet.fileName(), packet.fileSize(), packet.channel(), packet.data());
        for (FileUploadHandler handler : handlers) {
            try {
                FileUploadDecision decision = handler.onBeforeFile(event);
                if (decision != null && !decision.allowed()) {
                    return decision.message().isEmpty() ? "file rejected" : "file rejected: " + decision.message();
                }
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "File upload handler " + handler.getClass().getName() + " failed on connection "
                                + connection.id(),
                        e);
                return "file rejected";
            }
        }
        return null;
    }

    /**
     * Where an upload is found again. A user's uploads are theirs alone; an anonymous connection has no name that
     * survives a reconnect, so its uploads are found by the FileId alone, which the client made up (a GUID in sgc
     * clients) and which only it knows.
     */
    private static String key(Connection connection, String user, String fileId) {
        return (FilesProtocol.isAnonymous(connection) ? "" : user) + '\u0000' + fileId;
    }

    /** The spool file's name: a digest of the key, so nothing the client chose reaches the file system. */
    private static String spoolName(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".part";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void discard(Upload upload) {
        closeQuietly(upload);
        deleteQuietly(upload.spool);
    }

    private static void closeQuietly(Upload upload) {
        if (upload.out == null) {
            return;
        }
        try {
            upload.out.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "A spool file did not close", e);
        }
        upload.out = null;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "A spool file could not be deleted: " + path, e);
        }
    }
}
