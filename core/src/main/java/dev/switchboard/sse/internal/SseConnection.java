package dev.switchboard.sse.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Transport;
import dev.switchboard.history.ResumeCursor;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.OutboundQueue;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.json.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A hub connection over one Server-Sent Events response.
 *
 * <p>Output is non-blocking: the response's {@link ServletOutputStream} has a {@link WriteListener}, and a frame
 * is written and flushed only while the stream {@linkplain ServletOutputStream#isReady() is ready}; otherwise the
 * write finishes when the container calls {@code onWritePossible}. No thread waits on a slow client: its frames
 * pile up in the hub's bounded outbound queue until it is cut off as a slow consumer (4008).
 *
 * <p>Each publication carries its history position; the connection keeps a {@link ResumeCursor} of its resumable
 * channels and sends the whole cursor as the event id, so the client's {@code Last-Event-ID} resumes every channel.
 * The cursor is read and changed only in {@link #write}, which the outbound queue calls one frame at a time.
 *
 * <p>Inbound messages arrive by POST and are handed to the subprotocol handler under a per-connection lock, so
 * handler calls stay serial as {@link SubprotocolHandler} promises.
 */
public final class SseConnection extends BaseConnection {

    private static final System.Logger LOG = System.getLogger(SseConnection.class.getName());

    /** Connection attribute: the raw {@code Last-Event-ID} the client connected with, when it sent one. */
    public static final String LAST_EVENT_ID_ATTRIBUTE = "dev.switchboard.sse.last-event-id";

    /** How long a closing connection may take to write its disconnect event before the response is completed. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final OutboundQueue.Frame HEARTBEAT = new OutboundQueue.Frame(new Frames.Heartbeat(), 2);
    private static final OutboundQueue.Frame CURSOR_MARK = new OutboundQueue.Frame(new Frames.CursorMark(), 1);

    private static final SecureRandom KEYS = new SecureRandom();
    private static final int POST_KEY_BYTES = 32;

    private final Hub hub;
    private final SubprotocolHandler delegate;
    private final byte[] postKey;
    private final Set<String> resumableChannels;
    private final ScheduledExecutorService timers;
    private final ReentrantLock serial = new ReentrantLock();
    private boolean handlerClosed;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ResumeCursor cursor;

    private final ReentrantLock io = new ReentrantLock();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private Job current;
    private Stage stage = Stage.WRITE;
    private boolean completed;
    private AsyncContext async;
    private ServletOutputStream out;

    private record Job(byte[] bytes, Runnable done, Consumer<Throwable> failed) {}

    /**
     * Creates a connection; {@link #start} attaches it to its response.
     *
     * @param subprotocol       the subprotocol token, or null
     * @param publications      the SSE wrapper of the subprotocol's handler
     * @param handshake         the request facts
     * @param maxMessages       outbound queue bound in messages
     * @param maxBytes          outbound queue bound in bytes
     * @param hub               the hub
     * @param resumableChannels the channels whose positions the cursor tracks, or null for every exact
     *                          subscription
     * @param cursor            the initial cursor
     * @param timers            a scheduler for the close grace period
     */
    public SseConnection(
            String subprotocol,
            SsePublications publications,
            HandshakeInfo handshake,
            int maxMessages,
            long maxBytes,
            Hub hub,
            Set<String> resumableChannels,
            ResumeCursor cursor,
            ScheduledExecutorService timers) {
        super(Transport.SSE, subprotocol, publications, handshake, maxMessages, maxBytes);
        this.hub = hub;
        this.delegate = publications.delegate();
        this.resumableChannels = resumableChannels == null ? null : Set.copyOf(resumableChannels);
        this.cursor = cursor;
        this.timers = timers;
        if (handshake.principal().isPresent()) {
            // A stream opened with a single-use ticket cannot prove its principal again on each POST; the key,
            // sent only down this stream, can.
            byte[] key = new byte[POST_KEY_BYTES];
            KEYS.nextBytes(key);
            this.postKey =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(key).getBytes(StandardCharsets.US_ASCII);
        } else {
            this.postKey = null;
        }
    }

    /**
     * The key that authenticates POSTs into this connection as its principal, when it was opened by one.
     *
     * @return the key (URL-safe base64); empty for an anonymous stream, whose id alone admits POSTs
     */
    public Optional<String> postKey() {
        return postKey == null ? Optional.empty() : Optional.of(new String(postKey, StandardCharsets.US_ASCII));
    }

    /**
     * Tells whether a presented key is this connection's post key, in time independent of where they differ.
     *
     * @param presented the key from the request, or null
     * @return true when the connection has a key and it matches
     */
    public boolean acceptsPostKey(String presented) {
        return postKey != null
                && presented != null
                && MessageDigest.isEqual(postKey, presented.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Attaches the connection to its asynchronous response. Call on the request thread, after
     * {@code startAsync}.
     *
     * @param context the async context
     * @throws IOException when the output stream is not available
     */
    public void start(AsyncContext context) throws IOException {
        context.addListener(new Listener());
        ServletOutputStream stream = context.getResponse().getOutputStream();
        stream.setWriteListener(new Writer());
        io.lock();
        try {
            // Published only now, so no thread writes before the stream is in non-blocking mode.
            this.async = context;
            this.out = stream;
        } finally {
            io.unlock();
        }
        drive();
    }

    /**
     * The handler of the subprotocol (not the SSE wrapper).
     *
     * @return the handler
     */
    public SubprotocolHandler delegate() {
        return delegate;
    }

    /**
     * Runs the handler's {@code onOpen}, then reports the connection open to the hub.
     *
     * @return false when the handler failed and the connection was closed
     */
    public boolean open() {
        serial.lock();
        try {
            delegate.onOpen(this);
            hub.opened(this);
            return true;
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
            return false;
        } finally {
            serial.unlock();
        }
    }

    /** The outcome of delivering a POSTed message. */
    public enum Delivery {
        /** The handler took it. */
        DELIVERED,
        /** The connection has closed. */
        CLOSED,
        /** The handler failed; the connection was closed with 1011. */
        FAILED,
        /** An inbound check refused the message; the connection was closed with its code. */
        REFUSED
    }

    /**
     * Hands a message the client POSTed to the subprotocol handler.
     *
     * @param message the message
     * @return what happened
     */
    public Delivery receive(String message) {
        serial.lock();
        try {
            if (handlerClosed || !isOpen()) {
                return Delivery.CLOSED;
            }
            countInbound(utf8Length(message));
            var refused = hub.inspectText(this, message);
            if (refused.isPresent()) {
                close(refused.get().closeCode(), refused.get().reason());
                return Delivery.REFUSED;
            }
            delegate.onText(this, message);
            hub.messageReceived(this, message);
            return Delivery.DELIVERED;
        } catch (RuntimeException e) {
            failHandler("onText", e);
            return Delivery.FAILED;
        } finally {
            serial.unlock();
        }
    }

    /**
     * Queues a finished event block.
     *
     * @param block the block
     * @return true when queued
     */
    public boolean sendEvent(String block) {
        return sendFrame(new OutboundQueue.Frame(new Frames.RawEvent(block), utf8Length(block)));
    }

    /**
     * Queues a publication from the history (a replay), encoded like a live one.
     *
     * @param frame the frame from {@link SsePublications#encodePublicationFrame}
     * @return true when queued
     */
    public boolean sendReplay(OutboundQueue.Frame frame) {
        return sendFrame(frame);
    }

    /**
     * Queues a cursor change without output: a subscriber without a position starts at the channel's head.
     *
     * @param channel  the channel
     * @param position the position
     * @return true when queued
     */
    public boolean sendCursorUpdate(String channel, Position position) {
        return sendFrame(new OutboundQueue.Frame(new Frames.CursorUpdate(channel, position), 1));
    }

    /**
     * Queues an id-only block carrying the whole cursor.
     *
     * @return true when queued
     */
    public boolean sendCursorMark() {
        return sendFrame(CURSOR_MARK);
    }

    /**
     * Queues a heartbeat comment.
     *
     * @return true when queued
     */
    public boolean sendHeartbeat() {
        return sendFrame(HEARTBEAT);
    }

    /**
     * The current cursor, for tests and diagnostics.
     *
     * @return the cursor
     */
    public ResumeCursor cursor() {
        return cursor;
    }

    @Override
    protected void ping() {
        // SSE has no pong: a heartbeat comment that the client takes off the socket shows it alive.
        sendHeartbeat();
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        String block;
        Runnable completion = done;
        try {
            block = switch (frame) {
                case String text -> EventStream.rawFields(text).orElseGet(() -> EventStream.event(null, null, text));
                case ByteBuffer data ->
                    EventStream.event(null, "binary", Base64.getEncoder().encodeToString(toArray(data.duplicate())));
                case Frames.PublicationEvent publication -> publicationBlock(publication);
                case Frames.RawEvent raw -> raw.block();
                case Frames.CursorUpdate update -> {
                    updateCursor(update.channel(), update.position());
                    yield null;
                }
                case Frames.CursorMark mark -> cursor.isEmpty() ? null : EventStream.idOnly(cursor.format());
                case Frames.Heartbeat heartbeat -> {
                    completion = () -> {
                        markAlive();
                        done.run();
                    };
                    yield EventStream.comment("");
                }
                default ->
                    throw new IllegalArgumentException(
                            "Unknown frame " + frame.getClass().getName());
            };
        } catch (RuntimeException e) {
            failed.accept(e);
            return;
        }
        if (block == null) {
            done.run();
            return;
        }
        enqueue(new Job(block.getBytes(StandardCharsets.UTF_8), completion, failed));
    }

    private String publicationBlock(Frames.PublicationEvent publication) {
        if (!publication.hasPosition()) {
            return publication.body() + "\n";
        }
        ResumeCursor now = cursor;
        Optional<Position> known = now.get(publication.channel());
        if (known.isPresent()
                && known.get().epoch().equals(publication.epoch())
                && publication.offset() <= known.get().offset()) {
            // Already delivered (by the replay); a resumed client must not see it twice.
            return null;
        }
        if (known.isEmpty() && !isResumable(publication.channel())) {
            // Reached only through a mask: masks do not resume, and the client keeps its last id.
            return publication.body() + "\n";
        }
        cursor = now.with(publication.channel(), new Position(publication.epoch(), publication.offset()));
        return EventStream.idLine(cursor.format()) + publication.body() + "\n";
    }

    private void updateCursor(String channel, Position position) {
        Optional<Position> known = cursor.get(channel);
        if (known.isPresent()
                && known.get().epoch().equals(position.epoch())
                && known.get().offset() >= position.offset()) {
            return;
        }
        cursor = cursor.with(channel, position);
    }

    private boolean isResumable(String channel) {
        return resumableChannels != null
                ? resumableChannels.contains(channel)
                : hub.subscriptions(this).contains(channel);
    }

    @Override
    protected void closeTransport(int code, String reason) {
        String block = EventStream.event(
                null,
                "disconnect",
                Json.createObjectBuilder()
                        .add("code", code)
                        .add("reason", reason == null ? "" : reason)
                        .build()
                        .toString());
        enqueue(new Job(block.getBytes(StandardCharsets.UTF_8), this::completeResponse, e -> completeResponse()));
        // A client that stopped reading never lets the disconnect event out; do not wait for it forever.
        try {
            timers.schedule(this::completeResponse, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The application is stopping; the container completes the response itself.
        }
        ended(code, reason);
    }

    // ---- non-blocking output ----------------------------------------------------------------------------

    private void enqueue(Job job) {
        io.lock();
        try {
            if (completed) {
                job.failed().accept(new IOException("the response is complete"));
                return;
            }
            jobs.addLast(job);
        } finally {
            io.unlock();
        }
        drive();
    }

    /** Writes and flushes while the stream is ready; what is left continues in {@code onWritePossible}. */
    private void drive() {
        List<Runnable> completions = new ArrayList<>(2);
        Throwable failure = null;
        io.lock();
        try {
            while (out != null && !completed) {
                if (current == null) {
                    current = jobs.pollFirst();
                    if (current == null) {
                        break;
                    }
                    stage = Stage.WRITE;
                }
                // Servlet 3.1 non-blocking I/O: when not ready, the container calls onWritePossible later.
                if (!out.isReady()) {
                    break;
                }
                switch (stage) {
                    case WRITE -> {
                        out.write(current.bytes());
                        stage = Stage.FLUSH;
                    }
                    case FLUSH -> {
                        out.flush();
                        stage = Stage.FLUSHED;
                    }
                    case FLUSHED -> {
                        completions.add(current.done());
                        current = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            io.unlock();
        }
        completions.forEach(Runnable::run);
        if (failure != null) {
            failAll(failure);
        }
    }

    private enum Stage {
        WRITE,
        FLUSH,
        FLUSHED
    }

    private void failAll(Throwable error) {
        List<Job> failed = new ArrayList<>();
        io.lock();
        try {
            if (current != null) {
                failed.add(current);
                current = null;
            }
            failed.addAll(jobs);
            jobs.clear();
        } finally {
            io.unlock();
        }
        for (Job job : failed) {
            job.failed().accept(error);
        }
        peerGone("write failed", error);
    }

    private void completeResponse() {
        io.lock();
        try {
            if (completed || async == null) {
                completed = true;
                return;
            }
            completed = true;
        } finally {
            io.unlock();
        }
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Completing the response of " + this + " failed", e);
        }
    }

    /** The client went away or the stream broke: no disconnect event can be sent. */
    private void peerGone(String reason, Throwable error) {
        if (error != null) {
            LOG.log(System.Logger.Level.DEBUG, "SSE stream of " + this + " ended: " + reason, error);
        }
        if (markClosed()) {
            ended(CloseCodes.GOING_AWAY, reason);
        }
        completeResponse();
    }

    /**
     * Tells the hub and the handler, once, that the connection is over. Runs on its own virtual thread: the
     * close may come from inside a publication's fan-out, which holds the channel lock, while the handler's lock
     * may be held by a thread about to publish to that channel.
     */
    private void ended(int code, String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String why = reason == null ? "" : reason;
        Thread.ofVirtual().name("switchboard-sse-close").start(() -> {
            hub.closed(this, code, why);
            serial.lock();
            try {
                if (!handlerClosed) {
                    handlerClosed = true;
                    delegate.onClose(this, code, why);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + this + " failed", e);
            } finally {
                serial.unlock();
            }
        });
    }

    private void failHandler(String method, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Subprotocol handler " + method + " failed on " + this + "; closing it", e);
        close(CloseCodes.INTERNAL_ERROR, "internal error");
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private final class Writer implements WriteListener {
        @Override
        public void onWritePossible() {
            drive();
        }

        @Override
        public void onError(Throwable error) {
            failAll(error);
        }
    }

    private final class Listener implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            io.lock();
            try {
                completed = true;
            } finally {
                io.unlock();
            }
            peerGone("stream completed", null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            peerGone("stream timed out", null);
        }

        @Override
        public void onError(AsyncEvent event) {
            peerGone("stream failed", event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not restarted.
        }
    }
}
