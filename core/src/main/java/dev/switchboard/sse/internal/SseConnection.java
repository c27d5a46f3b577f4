package dev.switchboard.sse.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Transport;
import dev.switchboard.history.ResumeCursor;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.OutboundQueue;
import dev.switchboard.hub.SerialCalls;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A hub connection over one Server-Sent Events response.
 *
 * <p>What it writes is framed by its {@link SseEventEncoder} (event lines, the resume cursor as id, keep-alive
 * comments) and written without blocking by its {@link EventStreamWriter}. No thread waits on a slow client: its
 * frames pile up in the hub's bounded outbound queue until it is cut off as a slow consumer (4008).
 *
 * <p>Each publication carries its history position; the encoder keeps a {@link ResumeCursor} of the resumable
 * channels and sends the whole cursor as the event id, so the client's {@code Last-Event-ID} resumes every channel.
 *
 * <p>Inbound messages arrive by POST and are handed to the subprotocol handler under a per-connection lock, so
 * handler calls stay serial as {@link SubprotocolHandler} promises ({@link SerialCalls}). The end of the connection may
 * be noticed on a thread that must not wait for a call in progress (see {@link #ended}); the handler's {@code onClose}
 * then runs after that call, on the thread that ends it.
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
    private final Scheduler scheduler;
    private final SseEventEncoder encoder;
    private final EventStreamWriter writer;
    private final WireTap wireTap;
    private final SerialCalls serial = new SerialCalls();
    private boolean handlerClosed;
    private final AtomicBoolean ended = new AtomicBoolean();

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
     * @param scheduler         runs the close grace period and the close notifications
     * @param wireTap           where frames are reported to the wire log
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
            Scheduler scheduler,
            WireTap wireTap) {
        super(Transport.SSE, subprotocol, publications, handshake, maxMessages, maxBytes);
        this.hub = hub;
        this.delegate = publications.delegate();
        this.scheduler = scheduler;
        this.wireTap = wireTap;
        this.encoder = new SseEventEncoder(
                cursor, resumableChannels, channel -> hub.subscriptions(this).contains(channel));
        this.writer = new EventStreamWriter(this::peerGone);
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
        writer.start(context);
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
        serial.enter();
        try {
            wireTap.opened(this);
            delegate.onOpen(this);
            hub.opened(this);
            return true;
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
            return false;
        } finally {
            serial.exit();
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
        serial.enter();
        try {
            if (handlerClosed || !isOpen()) {
                return Delivery.CLOSED;
            }
            countInbound(utf8Length(message));
            wireTap.text(this, true, message);
            return hub.receiveText(this, delegate, message) ? Delivery.DELIVERED : Delivery.REFUSED;
        } catch (RuntimeException e) {
            failHandler("onText", e);
            return Delivery.FAILED;
        } finally {
            serial.exit();
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
        return encoder.cursor();
    }

    @Override
    protected void ping() {
        // SSE has no pong: a heartbeat comment that the client takes off the socket shows it alive.
        sendHeartbeat();
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        String block;
        try {
            block = encoder.block(frame);
        } catch (RuntimeException e) {
            failed.accept(e);
            return;
        }
        if (block == null) {
            done.run();
            return;
        }
        if (frame instanceof Frames.Heartbeat) {
            wireTap.control(this, false, true, block.length());
        } else {
            wireTap.text(this, false, block);
        }
        Runnable completion = frame instanceof Frames.Heartbeat
                ? () -> {
                    markAlive();
                    done.run();
                }
                : done;
        writer.enqueue(block.getBytes(StandardCharsets.UTF_8), completion, failed);
    }

    @Override
    protected void closeTransport(int code, String reason) {
        wireTap.closed(this, false, code, reason);
        writer.enqueue(
                SseEventEncoder.disconnect(code, reason).getBytes(StandardCharsets.UTF_8),
                writer::complete,
                e -> writer.complete());
        // A client that stopped reading never lets the disconnect event out; do not wait for it forever.
        try {
            scheduler.schedule(writer::complete, CLOSE_GRACE);
        } catch (RejectedExecutionException e) {
            // The application is stopping; the container completes the response itself.
        }
        ended(code, reason);
    }

    /**
     * An event stream has no close frame; its analogue, the {@code disconnect} event, is left out: the response just
     * ends, as a cut connection would. The hub is told 1006, the code a WebSocket peer sees for a cut.
     */
    @Override
    protected void abortTransport() {
        wireTap.closed(this, false, ABORTED, "aborted");
        writer.complete();
        ended(ABORTED, "aborted");
    }

    /** RFC 6455's code for a connection that ended without a close frame; never sent, only reported. */
    private static final int ABORTED = 1006;

    /** The client went away or the stream broke: no disconnect event can be sent. */
    private void peerGone(String reason, Throwable error) {
        if (error != null) {
            LOG.log(System.Logger.Level.DEBUG, "SSE stream of " + this + " ended: " + reason, error);
        }
        if (markClosed()) {
            ended(CloseCodes.GOING_AWAY, reason);
        }
        writer.complete();
    }

    /**
     * Tells the hub and the handler, once, that the connection is over. Handed to the scheduler: the close may come
     * from inside a publication's fan-out, which holds the channel lock that {@code hub.closed} takes. The handler's
     * {@code onClose} then never waits for the handler's lock on a scheduler thread: a POST's handler call may hold
     * it for as long as an application method runs, so the call is queued for the thread that frees it.
     */
    private void ended(int code, String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String why = reason == null ? "" : reason;
        wireTap.closed(this, true, code, why);
        Runnable notify = () -> {
            hub.closed(this, code, why);
            serial.later(() -> {
                try {
                    if (!handlerClosed) {
                        handlerClosed = true;
                        delegate.onClose(this, code, why);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + this + " failed", e);
                }
            });
        };
        try {
            scheduler.execute(notify);
        } catch (RejectedExecutionException e) {
            // The application is stopping and the scheduler with it: nobody else will tell the hub.
            notify.run();
        }
    }

    private void failHandler(String method, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Subprotocol handler " + method + " failed on " + this + "; closing it", e);
        close(CloseCodes.INTERNAL_ERROR, "internal error");
    }
}
