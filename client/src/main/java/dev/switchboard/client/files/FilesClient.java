package dev.switchboard.client.files;

import dev.switchboard.client.ConnectionLostException;
import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.Links;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the Files protocol ({@code files.esegece.com}): sends files to the server and receives the files the
 * server sends to this connection or to a channel it subscribed to.
 *
 * <p>Files are read and written one chunk at a time, never whole in memory. An upload at QoS 0 sends the next chunk
 * when the previous one was written to the network; at QoS 1 when the server acknowledged it; at QoS 2 when the
 * server asks for it ({@code sgc@filerec}), and when the link comes back after a cut, the header goes out again with
 * the same file id and the upload continues from where the server asks. Uploads at QoS 0 and 1 fail when the link is
 * lost. Received files are written to a part file in the client's directory and moved to their name when whole; at
 * most {@link #MAX_DOWNLOADS} arrive at once, each of at most {@code maxFileBytes}. A QoS 2 file whose link is lost
 * keeps its part file for the resume window: when the server sends its header again after the link came back (it
 * does for a logged-in user), the client answers with the size it holds and the rest is appended. Files at QoS 0 and
 * 1, and QoS 2 files not taken up within the window, fail and their part files are deleted.
 *
 * <p>The client works on one thread of its own, which {@link #close()} stops; its methods may be called from any
 * thread.
 */
public final class FilesClient implements AutoCloseable {

    /** The Files protocol's subprotocol token. */
    public static final String SUBPROTOCOL = "files.esegece.com";

    /** The default bound on one received file: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    /** How many files may arrive at once; a header beyond it is refused. */
    public static final int MAX_DOWNLOADS = 8;

    /**
     * How long the part file of an interrupted QoS 2 download is kept for the server to resume it: 10 minutes, the
     * server's default {@code switchboard.files.download-resume-window}.
     */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofMinutes(10);

    /** How many channels one client subscribes to at most. */
    public static final int MAX_CHANNELS = 1024;

    private static final String PART = ".part";

    private final Link link;
    private final Path directory;
    private final long maxFileBytes;
    private final Duration resumeWindow;
    private final FilesListener listener;
    private final ScheduledExecutorService worker;
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> requests = new ConcurrentHashMap<>();
    // Touched on the worker thread only.
    private final Map<String, Upload> uploads = new HashMap<>();
    private final Map<String, Download> downloads = new HashMap<>();
    private final Set<String> channels = new LinkedHashSet<>();
    private boolean open;
    private boolean ended;

    private FilesClient(
            LinkOptions options, Path directory, long maxFileBytes, Duration resumeWindow, FilesListener listener) {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.resumeWindow = resumeWindow;
        this.listener = listener;
        // One thread runs everything, the expiry of kept part files too.
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "switchboard-files");
            thread.setDaemon(true);
            return thread;
        });
        // A pending expiry neither outlives close() nor keeps the thread.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.link = Links.create(options, new Frames());
    }

    /**
     * Connects, receiving files of at most {@link #DEFAULT_MAX_FILE_BYTES}.
     *
     * @param options   where and how to connect (its subprotocols are replaced by the Files protocol's; the largest
     *     binary message must hold a chunk and its header)
     * @param directory where received files are written; it must exist
     * @param listener  what the application is told of received files
     * @return the client; {@link #ready()} completes when the link first opened
     */
    public static FilesClient connect(LinkOptions.Builder options, Path directory, FilesListener listener) {
        return connect(options, directory, DEFAULT_MAX_FILE_BYTES, listener);
    }

    /**
     * Connects.
     *
     * @param options      where and how to connect (its subprotocols are replaced by the Files protocol's)
     * @param directory    where received files are written; it must exist
     * @param maxFileBytes the largest file accepted from the server; a larger one is refused with
     *     {@code sgc@file_sent_error}
     * @param listener     what the application is told of received files
     * @return the client; {@link #ready()} completes when the link first opened
     */
    public static FilesClient connect(
            LinkOptions.Builder options, Path directory, long maxFileBytes, FilesListener listener) {
        return connect(options, directory, maxFileBytes, DEFAULT_RESUME_WINDOW, listener);
    }

    /**
     * Connects.
     *
     * @param options      where and how to connect (its subprotocols are replaced by the Files protocol's)
     * @param directory    where received files are written; it must exist
     * @param maxFileBytes the largest file accepted from the server; a larger one is refused with
     *     {@code sgc@file_sent_error}
     * @param resumeWindow how long the part file of a QoS 2 download whose link was lost waits for the server to
     *     resume it; zero deletes it at once
     * @param listener     what the application is told of received files
     * @return the client; {@link #ready()} completes when the link first opened
     */
    public static FilesClient connect(
            LinkOptions.Builder options,
            Path directory,
            long maxFileBytes,
            Duration resumeWindow,
            FilesListener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(resumeWindow, "resumeWindow");
        if (resumeWindow.isNegative()) {
            throw new IllegalArgumentException("resumeWindow must not be negative: " + resumeWindow);
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        FilesClient client = new FilesClient(
                options.subprotocols(SUBPROTOCOL).build(), directory, maxFileBytes, resumeWindow, listener);
        client.link.start();
        return client;
    }

    /** Completes when the link first opened; fails when it closed for good before. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Sends a file.
     *
     * @param file    the file; its name (without the directory) is what the server sees
     * @param options how it is sent
     * @return completes with the file id when the server confirmed the whole file ({@code sgc@file_received}), or
     *     at QoS 0 when the last chunk was written; fails with {@link FilesException} carrying the server's text when
     *     the server refused it, or {@link ConnectionLostException} when the link was lost at QoS 0 or 1 or closed
     */
    public CompletableFuture<String> upload(Path file, FileOptions options) {
        Objects.requireNonNull(options, "options");
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String fileId = options.fileId().isEmpty() ? UUID.randomUUID().toString() : options.fileId();
        CompletableFuture<String> done = new CompletableFuture<>();
        if (name.isEmpty() || name.indexOf('|') >= 0) {
            done.completeExceptionally(new IllegalArgumentException("a file name must be non-empty, without '|'"));
            return done;
        }
        return onWorker(done, () -> {
            if (uploads.containsKey(fileId)) {
                done.completeExceptionally(new FilesException("already sending a file with this file id"));
                return;
            }
            Upload upload;
            try {
                FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                upload = new Upload(fileId, in, options, done);
                upload.header = new Packet(
                        nextId(),
                        fileId,
                        name,
                        in.size(),
                        0,
                        options.bufferSize(),
                        options.data(),
                        Packet.HEADER,
                        options.qos(),
                        Packet.FILE,
                        "",
                        options.channel(),
                        ByteBuffer.allocate(0));
            } catch (IOException e) {
                done.completeExceptionally(new FilesException("the file could not be read: " + e.getMessage()));
                return;
            }
            uploads.put(fileId, upload);
            if (open) {
                begin(upload);
            }
        });
    }

    /**
     * Subscribes this connection to a channel, so that files the server publishes there arrive; renewed after each
     * reconnect.
     *
     * @return completes when the server accepted it; fails with the server's refusal
     */
    public CompletableFuture<Void> subscribe(String channel) {
        return channelRequest("sgc@subscribe", channel);
    }

    /**
     * Unsubscribes from a channel.
     *
     * @return completes when the server answered
     */
    public CompletableFuture<Void> unsubscribe(String channel) {
        return channelRequest("sgc@unsubscribe", channel);
    }

    /** Closes the link, fails the uploads in flight, deletes partial received files, and stops the thread. */
    @Override
    public void close() {
        link.close();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                end(new ConnectionLostException("the client was closed", 1000, true));
                drained.complete(null);
            });
            drained.join();
        } catch (RejectedExecutionException alreadyClosed) {
            // Closed before.
        }
        worker.shutdown();
    }

    // ---- uploads ------------------------------------------------------------------------------------------

    /** One file being sent. Touched on the worker thread only. */
    private static final class Upload {
        final String fileId;
        final FileChannel in;
        final FileOptions options;
        final CompletableFuture<String> done;
        Packet header;
        /** The id of the packet whose acknowledgment is awaited at QoS 1. */
        String awaited;
        /** Whether the header went out on the current transport. */
        boolean started;

        boolean lastSent;

        Upload(String fileId, FileChannel in, FileOptions options, CompletableFuture<String> done) {
            this.fileId = fileId;
            this.in = in;
            this.options = options;
            this.done = done;
        }
    }

    private void begin(Upload upload) {
        upload.started = true;
        upload.lastSent = false;
        if (!link.sendBinary(upload.header.encode())) {
            upload.started = false;
            return;
        }
        switch (upload.options.qos()) {
            case 0 -> sendChunk(upload, 0);
            case 1 -> upload.awaited = upload.header.id();
            default -> {} // the server answers with sgc@filerec
        }
    }

    /** Sends the chunk that starts at {@code from}; at QoS 0 the next follows when this one was written. */
    private void sendChunk(Upload upload, long from) {
        long size = upload.header.fileSize();
        int length = (int) Math.min(upload.options.bufferSize(), Math.max(0, size - from));
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try {
            while (bytes.hasRemaining()) {
                if (upload.in.read(bytes, from + bytes.position()) < 0) {
                    throw new IOException("the file became shorter while it was sent");
                }
            }
        } catch (IOException e) {
            link.sendBinary(upload.header
                    .control(Packet.FILE_RECEIVED_ERROR, nextId(), from, "the file could not be read")
                    .encode());
            finish(upload, new FilesException("the file could not be read: " + e.getMessage()));
            return;
        }
        long after = from + length;
        boolean last = after >= size;
        Packet chunk = upload.header.chunk(nextId(), last, after, bytes.flip());
        upload.awaited = chunk.id();
        upload.lastSent = last;
        boolean sent;
        if (upload.options.qos() == 0) {
            sent = link.sendBinary(chunk.encode(), () -> onWorker(() -> written(upload, after, last)));
        } else {
            sent = link.sendBinary(chunk.encode());
        }
        if (!sent) {
            lost(upload);
        }
    }

    private void written(Upload upload, long after, boolean last) {
        if (upload.done.isDone()) {
            return;
        }
        if (last) {
            finish(upload, null);
        } else {
            sendChunk(upload, after);
        }
    }

    /** A packet that answers an upload: acknowledgment, filerec, file_received or an error. */
    private void answered(Packet packet) {
        Upload upload = uploads.get(packet.fileId());
        if (upload == null || !upload.started) {
            return;
        }
        switch (packet.method()) {
            case Packet.ACKNOWLEDGMENT -> {
                if (upload.options.qos() == 1 && packet.id().equals(upload.awaited) && !upload.lastSent) {
                    sendChunk(upload, packet.position());
                }
            }
            case Packet.FILEREC -> {
                if (upload.options.qos() == 2 && packet.position() < upload.header.fileSize()) {
                    sendChunk(upload, packet.position());
                } else if (upload.options.qos() == 2 && upload.header.fileSize() == 0 && !upload.lastSent) {
                    sendChunk(upload, 0);
                }
            }
            case Packet.FILE_RECEIVED -> finish(upload, null);
            case Packet.FILE_SENT_ERROR, Packet.FILE_RECEIVED_ERROR ->
                finish(upload, new FilesException(packet.text()));
            default -> {}
        }
    }

    /** The link could not carry a chunk: a QoS 2 upload waits for the link to come back, others fail. */
    private void lost(Upload upload) {
        upload.started = false;
        if (upload.options.qos() < 2) {
            finish(upload, new ConnectionLostException("the connection was lost while the file was sent", 1006, false));
        }
    }

    private void finish(Upload upload, Exception failure) {
        uploads.remove(upload.fileId, upload);
        try {
            upload.in.close();
        } catch (IOException ignored) {
            // Only read from.
        }
        if (failure == null) {
            upload.done.complete(upload.fileId);
        } else {
            upload.done.completeExceptionally(failure);
        }
    }

    // ---- downloads ----------------------------------------------------------------------------------------

    /** One file being received. Touched on the worker thread only. */
    private static final class Download {
        final Packet header;
        final String name;
        final Path part;
        final FileChannel out;
        long received;
        /** Set while the link is down and the part file waits for the server to resume it. */
        Future<?> expiry;

        Download(Packet header, String name, Path part, FileChannel out) {
            this.header = header;
            this.name = name;
            this.part = part;
            this.out = out;
        }
    }

    /** A packet that carries a file: its header or a chunk. */
    private void carried(Packet packet) {
        if (packet.streaming().equals(Packet.HEADER)) {
            started(packet);
            return;
        }
        Download download = downloads.get(packet.fileId());
        if (download == null) {
            refuse(packet, "no file is being received with this FileId");
            return;
        }
        int length = packet.payload().remaining();
        long start = packet.position() - length;
        if (download.header.qos() == 2 && start < download.received && packet.position() <= download.received) {
            // A chunk sent again after a timeout: already written, only the answers are repeated.
            answer(download, packet);
            return;
        }
        if (start != download.received || packet.position() > download.header.fileSize()) {
            fail(download, packet, "the chunk ends at " + packet.position() + " after " + download.received + " bytes");
            return;
        }
        try {
            ByteBuffer bytes = packet.payload().duplicate();
            long at = download.received;
            while (bytes.hasRemaining()) {
                at += download.out.write(bytes, at);
            }
        } catch (IOException e) {
            fail(download, packet, "the file could not be stored");
            return;
        }
        download.received = packet.position();
        if (!packet.last()) {
            answer(download, packet);
            return;
        }
        if (download.received != download.header.fileSize()) {
            fail(
                    download,
                    packet,
                    "size mismatch: " + download.received + " bytes received, " + download.header.fileSize()
                            + " announced");
            return;
        }
        Path target = directory.resolve(download.name);
        try {
            download.out.close();
            Files.move(download.part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            fail(download, packet, "the file could not be stored");
            return;
        }
        downloads.remove(packet.fileId());
        if (download.header.qos() >= 1) {
            send(packet.control(Packet.ACKNOWLEDGMENT, packet.id(), packet.position(), ""));
            send(packet.control(Packet.FILE_RECEIVED, nextId(), packet.position(), ""));
        }
        listener.fileReceived(download.name, target, download.received);
    }

    private void started(Packet header) {
        String name = plainName(header.fileName());
        if (name == null) {
            refuse(header, "the file name is not a plain file name");
            return;
        }
        if (header.fileSize() > maxFileBytes) {
            refuse(header, "file too large: " + header.fileSize() + " bytes, at most " + maxFileBytes);
            return;
        }
        Download previous = downloads.get(header.fileId());
        if (previous == null && downloads.size() >= MAX_DOWNLOADS) {
            refuse(header, "too many files at once: at most " + MAX_DOWNLOADS);
            return;
        }
        if (previous != null && resumes(previous, header, name)) {
            resume(previous, header);
            return;
        }
        if (previous != null) {
            downloads.remove(header.fileId());
            discard(previous);
        }
        Path part = directory.resolve(name + "." + UUID.randomUUID() + PART);
        try {
            FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            downloads.put(header.fileId(), new Download(header, name, part, out));
        } catch (IOException e) {
            refuse(header, "the file could not be stored");
            return;
        }
        if (header.qos() >= 1) {
            send(header.control(Packet.ACKNOWLEDGMENT, header.id(), 0, ""));
        }
        if (header.qos() == 2) {
            send(header.control(Packet.FILEREC, nextId(), 0, ""));
        }
    }

    /** Whether a header is that of a QoS 2 file part of which is held: same id, name, size and level. */
    private static boolean resumes(Download held, Packet header, String name) {
        return held.header.qos() == 2
                && header.qos() == 2
                && held.header.fileSize() == header.fileSize()
                && held.name.equals(name);
    }

    /** The server sent the header of a file part of which is held: it is asked for the rest. */
    private void resume(Download download, Packet header) {
        if (download.expiry != null) {
            download.expiry.cancel(false);
            download.expiry = null;
        }
        send(header.control(Packet.ACKNOWLEDGMENT, header.id(), 0, ""));
        send(header.control(Packet.FILEREC, nextId(), download.received, ""));
        listener.fileResumed(download.name, download.received);
    }

    /** The link was lost: a QoS 2 file keeps its part file for the resume window, others fail. */
    private void interrupted(Download download) {
        if (download.header.qos() != 2 || resumeWindow.isZero()) {
            downloads.remove(download.header.fileId());
            discard(download);
            listener.fileFailed(download.name, "the connection was lost");
            return;
        }
        if (download.expiry == null) {
            download.expiry = worker.schedule(() -> expire(download), resumeWindow.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expire(Download download) {
        if (ended || download.expiry == null || downloads.get(download.header.fileId()) != download) {
            return;
        }
        downloads.remove(download.header.fileId());
        discard(download);
        listener.fileFailed(download.name, "the transfer was not resumed within " + resumeWindow);
    }

    private void answer(Download download, Packet chunk) {
        if (download.header.qos() >= 1) {
            send(chunk.control(Packet.ACKNOWLEDGMENT, chunk.id(), chunk.position(), ""));
        }
        if (download.header.qos() == 2) {
            send(chunk.control(Packet.FILEREC, nextId(), download.received, ""));
        }
    }

    private void fail(Download download, Packet packet, String reason) {
        downloads.remove(download.header.fileId());
        discard(download);
        refuse(packet, reason);
        listener.fileFailed(download.name, reason);
    }

    private void refuse(Packet packet, String reason) {
        send(packet.control(Packet.FILE_SENT_ERROR, nextId(), packet.position(), reason));
    }

    private static void discard(Download download) {
        if (download.expiry != null) {
            download.expiry.cancel(false);
            download.expiry = null;
        }
        try {
            download.out.close();
            Files.deleteIfExists(download.part);
        } catch (IOException ignored) {
            // A part file left behind has a name no received file can have.
        }
    }

    /** The name without any directory, or null when nothing usable is left (linear; no pattern matching). */
    static String plainName(String name) {
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String plain = name.substring(cut + 1);
        if (plain.isEmpty() || plain.equals(".") || plain.equals("..") || plain.length() > 255) {
            return null;
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ':') {
                return null;
            }
        }
        return plain;
    }

    // ---- the link -----------------------------------------------------------------------------------------

    private void send(Packet packet) {
        link.sendBinary(packet.encode());
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet(), 36) + "-" + UUID.randomUUID();
    }

    private CompletableFuture<Void> channelRequest(String method, String channel) {
        Objects.requireNonNull(channel, "channel");
        String id = method.substring(4) + "-" + ids.incrementAndGet();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        return onWorker(answered, () -> {
            if (method.equals("sgc@subscribe")) {
                if (!channels.contains(channel) && channels.size() >= MAX_CHANNELS) {
                    answered.completeExceptionally(
                            new IllegalStateException("at most " + MAX_CHANNELS + " channels per client"));
                    return;
                }
                channels.add(channel);
            } else {
                channels.remove(channel);
            }
            requests.put(id, answered);
            answered.whenComplete((ok, failed) -> requests.remove(id));
            if (!link.send(channelFrame(method, channel, id))) {
                answered.completeExceptionally(new ConnectionLostException("the link is closed", 1006, true));
            }
        });
    }

    private static String channelFrame(String method, String channel, String id) {
        var frame = Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", method)
                .add("params", Json.createObjectBuilder().add("channel", channel));
        if (id != null) {
            frame.add("id", id);
        }
        return frame.build().toString();
    }

    private void end(Exception why) {
        if (ended) {
            return;
        }
        ended = true;
        for (Upload upload : uploads.values().toArray(Upload[]::new)) {
            finish(upload, why);
        }
        for (Iterator<Download> it = downloads.values().iterator(); it.hasNext(); ) {
            Download download = it.next();
            it.remove();
            discard(download);
        }
        requests.values().forEach(request -> request.completeExceptionally(why));
        ready.completeExceptionally(why);
    }

    private <T> CompletableFuture<T> onWorker(CompletableFuture<T> result, Runnable work) {
        try {
            worker.execute(() -> {
                if (ended) {
                    result.completeExceptionally(new ConnectionLostException("the client is closed", 1000, true));
                    return;
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ConnectionLostException("the client is closed", 1000, true));
        }
        return result;
    }

    private void onWorker(Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException closing) {
            // The client is closing.
        }
    }

    /** The link's events, handed to the worker in order. */
    private final class Frames implements LinkListener {
        @Override
        public void opened(LinkSession session) {
            onWorker(() -> {
                open = true;
                ready.complete(null);
                for (String channel : channels) {
                    // Renewed without an id: nobody waits for these answers.
                    link.sendNow(channelFrame("sgc@subscribe", channel, null));
                }
                for (Upload upload : uploads.values().toArray(Upload[]::new)) {
                    if (!upload.started) {
                        begin(upload);
                    }
                }
            });
        }

        @Override
        public void text(String text) {
            JsonObject frame;
            try (var reader = Json.createReader(new StringReader(text))) {
                frame = reader.readObject();
            } catch (RuntimeException e) {
                return;
            }
            if (!(frame.get("id") instanceof JsonString id)) {
                return;
            }
            CompletableFuture<Void> waiting = requests.get(id.getString());
            if (waiting == null) {
                return;
            }
            if (frame.get("error") instanceof JsonObject error) {
                waiting.completeExceptionally(new FilesException(error.getString("message", "refused")));
            } else if (frame.get("result") instanceof JsonObject result
                    && !"sgc@acknowledgment".equals(result.getString("method", ""))) {
                waiting.complete(null);
            }
        }

        @Override
        public void binary(ByteBuffer data) {
            Packet packet;
            try {
                packet = Packet.decode(data);
            } catch (IllegalArgumentException e) {
                return; // not a Files packet: nothing of it can be answered
            }
            onWorker(() -> {
                switch (packet.method()) {
                    case Packet.FILE -> carried(packet);
                    case Packet.FILE_RECEIVED_ERROR -> {
                        Download download = downloads.remove(packet.fileId());
                        if (download != null) {
                            discard(download);
                            listener.fileFailed(download.name, packet.text());
                        } else {
                            answered(packet);
                        }
                    }
                    default -> answered(packet);
                }
            });
        }

        @Override
        public void closed(LinkClosed closed) {
            onWorker(() -> {
                open = false;
                for (Download download : downloads.values().toArray(Download[]::new)) {
                    if (closed.retrying()) {
                        interrupted(download);
                    } else {
                        downloads.remove(download.header.fileId());
                        discard(download);
                        listener.fileFailed(download.name, "the connection was lost");
                    }
                }
                for (Upload upload : uploads.values().toArray(Upload[]::new)) {
                    lost(upload);
                }
                if (!closed.retrying()) {
                    end(new ConnectionLostException("the link closed: " + closed.reason(), closed.code(), true));
                }
            });
        }
    }
}
