package dev.switchboard.hub;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Priority;
import dev.switchboard.api.Transport;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What every transport's connection shares: identity, handshake facts, attributes, counters and the bounded
 * outbound queue. A transport supplies only {@link #write} (one frame, asynchronously) and
 * {@link #closeTransport}.
 */
public abstract class BaseConnection implements HubConnection {

    private static final System.Logger LOG = System.getLogger(BaseConnection.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final Transport transport;
    private final Optional<String> subprotocol;
    private final HandshakeInfo handshake;
    // Written by a credential refresh (on the connection's inbound thread), read by any thread.
    private volatile Identity identity;
    private final Instant connectedAt = Instant.now();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final OutboundQueue queue;
    private final AtomicBoolean open = new AtomicBoolean(true);
    // Traffic counters: plain fields updated atomically through VarHandles. One connection's counters see little
    // contention (its reads on one thread, its write completions one at a time), and five adders would cost every
    // idle connection some 160 bytes.
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long budgetRefusals;

    private static final VarHandle MESSAGES_IN = counter("messagesIn");
    private static final VarHandle MESSAGES_OUT = counter("messagesOut");
    private static final VarHandle BYTES_IN = counter("bytesIn");
    private static final VarHandle BYTES_OUT = counter("bytesOut");
    private static final VarHandle BUDGET_REFUSALS = counter("budgetRefusals");

    private static VarHandle counter(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(BaseConnection.class, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SubprotocolHandler handler;
    private volatile long lastInboundNanos = System.nanoTime();
    private volatile long pingSentNanos;
    private volatile Executor closer;
    /** Serialises the measuring ping's start, its pong, its timeout and the close; never held while sending. */
    private final ReentrantLock pingLock = new ReentrantLock();
    /** The outstanding measuring ping, guarded by {@link #pingLock}. */
    private MeasuredPing measuredPing;
    /** Numbers this connection's measuring pings, so each payload is unique. */
    private long pingSequence;

    /** A measuring ping waiting for its pong. */
    private record MeasuredPing(byte[] payload, long sentNanos, CompletableFuture<Duration> result) {}
    /** Lanes this connection's own masks give publications, asked before the node's; empty by default. */
    private volatile List<OutboundLanes.ChannelPriority> ownPriorities = List.of();

    /**
     * The lane of messages a handler sends while it delivers one publication per subscriber ({@link
     * LocalDelivery}): set only around that call, and only for a lane other than normal.
     */
    private static final ThreadLocal<Priority> DELIVERY_LANE = new ThreadLocal<>();
    /** Deliveries in a lane under way on any thread; while there are none, {@link #DELIVERY_LANE} is not read. */
    private static final java.util.concurrent.atomic.AtomicInteger LANE_DELIVERIES =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Streamed messages waiting for their turn, woken when the connection closes. */
    private final Set<StreamedMessage> streams = ConcurrentHashMap.newKeySet();
    /** The most bytes a streamed message is collected up to on a transport without fragments. */
    private final long maxStreamedBytes;

    private volatile boolean closeStartedHere;
    private volatile boolean draining;

    /**
     * Creates the shared part of a connection.
     *
     * @param transport   the transport
     * @param subprotocol the negotiated subprotocol, or null
     * @param handler     the handler of that subprotocol (it encodes publications for this connection)
     * @param handshake   the request facts
     * @param maxMessages outbound queue bound in messages
     * @param maxBytes    outbound queue bound in bytes
     */
    protected BaseConnection(
            Transport transport,
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            int maxMessages,
            long maxBytes) {
        this.transport = transport;
        this.handler = handler;
        this.subprotocol = Optional.ofNullable(subprotocol);
        this.handshake = handshake;
        this.identity = handshake
                .principal()
                .filter(Identity.class::isInstance)
                .map(Identity.class::cast)
                .orElse(null);
        this.queue = new OutboundQueue(new QueueSink(), maxMessages, maxBytes);
        this.maxStreamedBytes = maxBytes;
    }

    /**
     * Writes one frame to the transport without blocking; calls exactly one callback when done.
     *
     * @param frame  a {@code String} or a {@code ByteBuffer}
     * @param done   completion
     * @param failed failure
     */
    protected abstract void write(Object frame, Runnable done, Consumer<Throwable> failed);

    /**
     * Writes one queued frame; by default its payload through {@link #write}. A transport that can use what the frame
     * keeps for all its readers (a text frame's UTF-8 bytes, encoded once for a whole fan-out) overrides it.
     *
     * @param frame  the frame
     * @param done   to call when written
     * @param failed to call when the write failed
     */
    protected void writeFrame(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
        write(frame.payload(), done, failed);
    }

    /**
     * Closes the transport with a code and reason. Called at most once.
     *
     * @param code   the close code
     * @param reason the reason, at most 123 UTF-8 bytes
     */
    protected abstract void closeTransport(int code, String reason);

    /**
     * Cuts the transport without a close handshake; called at most once, instead of {@link #closeTransport}. A
     * transport that cannot cut (a container without a way to abort) closes as {@link #closeTransport} would, with
     * {@link CloseCodes#POLICY_VIOLATION}, and says so in its documentation.
     */
    protected void abortTransport() {
        closeTransport(CloseCodes.POLICY_VIOLATION, "aborted");
    }

    /**
     * Sends a keep-alive probe the peer must answer (a WebSocket ping); a transport without answers may send
     * a comment instead and report liveness through {@link #markAlive()}. Must not block for long.
     */
    protected abstract void ping();

    /**
     * Tells whether this transport has pings the peer answers with a pong that echoes the payload; a transport that
     * says true implements {@link #pingWith}. The default is false (SSE, plain TCP).
     *
     * @return true for WebSocket
     */
    protected boolean answersPings() {
        return false;
    }

    /**
     * Sends a ping with a payload, at once and without waiting for the outbound queue. Called only when {@link
     * #answersPings()} says true; must not block for long.
     *
     * @param payload at most 125 bytes
     * @throws IOException when the transport cannot send it
     */
    protected void pingWith(ByteBuffer payload) throws IOException {
        throw new UnsupportedOperationException(transport + " connections have no ping");
    }

    @Override
    public final CompletionStage<Duration> measurePing(Duration timeout, Scheduler scheduler) {
        if (!answersPings()) {
            return CompletableFuture.failedStage(new UnsupportedOperationException(transport
                    + " connections have no ping: nothing a client answers can measure a round trip (connection "
                    + id + ")"));
        }
        MeasuredPing ping;
        pingLock.lock();
        try {
            if (!open.get()) {
                return CompletableFuture.failedStage(new IllegalStateException("Connection " + id + " is closed"));
            }
            if (measuredPing != null) {
                // One measuring ping at a time: a second caller shares the outstanding measurement.
                return measuredPing.result().copy();
            }
            byte[] payload = ("sb-rtt-" + ++pingSequence).getBytes(StandardCharsets.US_ASCII);
            ping = new MeasuredPing(payload, System.nanoTime(), new CompletableFuture<>());
            measuredPing = ping;
        } finally {
            pingLock.unlock();
        }
        try {
            scheduler.schedule(
                    () -> finishPing(
                            ping,
                            null,
                            new TimeoutException("No pong within " + timeout.toMillis() + " ms on connection " + id)),
                    timeout);
            pingWith(ByteBuffer.wrap(ping.payload()).asReadOnlyBuffer());
        } catch (IOException | RuntimeException e) {
            finishPing(ping, null, e);
        }
        return ping.result().copy();
    }

    /**
     * Records a pong: the peer is alive, and a pong that echoes the outstanding measuring ping's payload completes
     * its measurement. Transports call it for every pong they receive.
     *
     * @param payload the pong's application data
     * @return the measured round trip when this pong answered the measuring ping
     */
    public final Optional<Duration> pongReceived(ByteBuffer payload) {
        long now = System.nanoTime();
        markAlive();
        MeasuredPing ping;
        pingLock.lock();
        try {
            ping = measuredPing;
            if (ping == null || !ByteBuffer.wrap(ping.payload()).equals(payload)) {
                return Optional.empty();
            }
        } finally {
            pingLock.unlock();
        }
        Duration rtt = Duration.ofNanos(now - ping.sentNanos());
        return finishPing(ping, rtt, null) ? Optional.of(rtt) : Optional.empty();
    }

    /** Completes a measuring ping once, outside the lock (its callbacks run application code). */
    private boolean finishPing(MeasuredPing ping, Duration rtt, Throwable failure) {
        pingLock.lock();
        try {
            if (measuredPing != ping) {
                return false;
            }
            measuredPing = null;
        } finally {
            pingLock.unlock();
        }
        return failure == null ? ping.result().complete(rtt) : ping.result().completeExceptionally(failure);
    }

    /**
     * Records an inbound message in the counters. Transports call it for every message they deliver.
     *
     * @param bytes payload size in bytes
     */
    public final void countInbound(long bytes) {
        MESSAGES_IN.getAndAdd(this, 1L);
        BYTES_IN.getAndAdd(this, bytes);
        markAlive();
    }

    /**
     * Records an inbound fragment in the counters: its bytes, and a message when it is the last.
     *
     * @param bytes payload size in bytes
     * @param last  whether it ends its message
     */
    public final void countInboundFragment(long bytes, boolean last) {
        if (last) {
            MESSAGES_IN.getAndAdd(this, 1L);
        }
        BYTES_IN.getAndAdd(this, bytes);
        markAlive();
    }

    /** Records that the peer showed it is alive (a message or a pong arrived). */
    public final void markAlive() {
        lastInboundNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    /**
     * When the peer last showed it is alive.
     *
     * @return a {@link System#nanoTime()} value
     */
    @Override
    public final long lastInboundNanos() {
        return lastInboundNanos;
    }

    /**
     * When the unanswered ping was sent.
     *
     * @return a {@link System#nanoTime()} value, or 0 when no ping is outstanding
     */
    @Override
    public final long pingSentNanos() {
        return pingSentNanos;
    }

    @Override
    public final void sendPing() {
        pingSentNanos = System.nanoTime();
        ping();
    }

    /**
     * The handler of this connection's subprotocol.
     *
     * @return the handler
     */
    @Override
    public final SubprotocolHandler handler() {
        return handler;
    }

    /**
     * Queues a frame prepared once for many connections (a fan-out).
     *
     * @param frame the shared frame
     * @return true when queued
     */
    @Override
    public final boolean sendFrame(OutboundQueue.Frame frame) {
        return open.get() && queue.offer(frame);
    }

    /**
     * Marks the connection closed after the transport reported its close, without sending anything.
     *
     * @return true when this call did the transition (the connection was open)
     */
    @Override
    public final boolean markClosed() {
        queue.close();
        boolean transition = open.compareAndSet(true, false);
        if (transition) {
            for (StreamedMessage waiting : streams) {
                waiting.connectionClosed();
            }
            MeasuredPing ping;
            pingLock.lock();
            try {
                ping = measuredPing;
            } finally {
                pingLock.unlock();
            }
            if (ping != null) {
                finishPing(ping, null, new IllegalStateException("Connection " + id + " closed before the pong"));
            }
        }
        return transition;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Transport transport() {
        return transport;
    }

    @Override
    public final Optional<String> subprotocol() {
        return subprotocol;
    }

    /**
     * The facts of the request that opened this connection.
     *
     * @return the handshake facts
     */
    public HandshakeInfo handshake() {
        return handshake;
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return handshake.remoteAddress();
    }

    @Override
    public final String clientAddress() {
        return handshake.clientAddress();
    }

    @Override
    public final InetSocketAddress localAddress() {
        return handshake.localAddress();
    }

    @Override
    public final URI requestUri() {
        return handshake.requestUri();
    }

    @Override
    public final Map<String, List<String>> headers() {
        return handshake.headers();
    }

    @Override
    public final Optional<Principal> principal() {
        Identity current = identity;
        return current != null ? Optional.of(current) : handshake.principal();
    }

    @Override
    public final Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public final void replaceIdentity(Identity refreshed) {
        identity = refreshed;
    }

    @Override
    public final Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public final Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public final ConnectionStats stats() {
        return new ConnectionStats(messagesIn, messagesOut, bytesIn, bytesOut, queue.size(), budgetRefusals);
    }

    @Override
    public final void closeOn(Executor executor) {
        closer = executor;
    }

    @Override
    public final void countBudgetRefusal() {
        BUDGET_REFUSALS.getAndAdd(this, 1L);
    }

    @Override
    public final boolean isOpen() {
        return open.get();
    }

    @Override
    public final boolean sendText(String text) {
        return open.get() && queue.offer(OutboundQueue.Frame.exclusive(text, utf8Length(text)), lane());
    }

    @Override
    public final boolean sendBinary(ByteBuffer data) {
        ByteBuffer own = data.asReadOnlyBuffer();
        return open.get() && queue.offer(new OutboundQueue.Frame(own, own.remaining()), lane());
    }

    @Override
    public final OutputStream sendBinaryStream(Duration wait) throws IOException {
        StreamedMessage message = takeTurn(wait);
        try {
            return message.binary(openBinaryStream(), this::countStreamed);
        } catch (IOException | RuntimeException e) {
            message.failed(e);
            throw e;
        }
    }

    @Override
    public final Writer sendTextStream(Duration wait) throws IOException {
        StreamedMessage message = takeTurn(wait);
        try {
            return message.text(openTextStream(), this::countStreamed);
        } catch (IOException | RuntimeException e) {
            message.failed(e);
            throw e;
        }
    }

    /** Queues a streamed message and waits for its turn; the wire is then its own. */
    private StreamedMessage takeTurn(Duration wait) throws IOException {
        StreamedMessage message = new StreamedMessage();
        streams.add(message);
        try {
            if (!open.get() || !queue.offer(new OutboundQueue.Frame(message, 0), lane())) {
                throw new IOException("connection " + id + " is closed or closing");
            }
            if (!open.get()) {
                // Closed between the check and the offer: markClosed may have looked at the streams already.
                message.connectionClosed();
            }
            message.awaitTurn(wait);
            return message;
        } finally {
            streams.remove(message);
        }
    }

    private void countStreamed(long bytes) {
        MESSAGES_OUT.getAndAdd(this, 1L);
        BYTES_OUT.getAndAdd(this, bytes);
    }

    /**
     * Opens the transport's stream for one binary message sent in fragments, once the message's turn came: what is
     * written goes out as the transport can take it, each write blocking while the client is slow, and closing it
     * ends the message. The default, for a transport without fragments, collects the message, up to the outbound
     * queue's byte bound, and writes it whole when the stream is closed, blocking until it was written.
     *
     * @return the stream
     * @throws IOException when the transport cannot open one
     */
    protected OutputStream openBinaryStream() throws IOException {
        return new CollectedMessage.Binary(this::writeWhole, maxStreamedBytes);
    }

    /**
     * Opens the transport's writer for one text message sent in fragments, as {@link #openBinaryStream} does a stream.
     *
     * @return the writer
     * @throws IOException when the transport cannot open one
     */
    protected Writer openTextStream() throws IOException {
        return new CollectedMessage.Text(this::writeWhole, maxStreamedBytes);
    }

    /** Writes a collected message through the transport and waits until it was written. */
    private void writeWhole(Object payload) throws IOException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        write(payload, () -> written.complete(null), written::completeExceptionally);
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the message was written");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static Priority lane() {
        if (LANE_DELIVERIES.get() == 0) {
            // No delivery in a lane anywhere: a get() on a thread without the value would make its thread-local map
            // entry, on every message of a fresh virtual thread.
            return Priority.NORMAL;
        }
        Priority delivering = DELIVERY_LANE.get();
        return delivering == null ? Priority.NORMAL : delivering;
    }

    /**
     * Runs a delivery with every message it sends in a lane.
     *
     * @param priority the lane
     * @param delivery what sends
     */
    static void inLane(Priority priority, Runnable delivery) {
        if (priority == Priority.NORMAL) {
            delivery.run();
            return;
        }
        LANE_DELIVERIES.incrementAndGet();
        Priority before = DELIVERY_LANE.get();
        DELIVERY_LANE.set(priority);
        try {
            delivery.run();
        } finally {
            if (before == null) {
                DELIVERY_LANE.remove();
            } else {
                DELIVERY_LANE.set(before);
            }
            LANE_DELIVERIES.decrementAndGet();
        }
    }

    @Override
    public final boolean sendFrame(OutboundQueue.Frame frame, Priority priority) {
        return open.get() && queue.offer(frame, priority);
    }

    @Override
    public final OutboundQueue.Queued enqueueFrame(OutboundQueue.Frame frame, Priority priority) {
        return open.get() ? queue.enqueue(frame, priority) : OutboundQueue.Queued.REFUSED;
    }

    @Override
    public final void startWriting() {
        queue.startWriting();
    }

    @Override
    public final void holdWrites() {
        queue.hold();
    }

    @Override
    public final boolean releaseWrites() {
        return queue.release();
    }

    @Override
    public final Priority priorityOf(String channel, Priority nodeLane) {
        List<OutboundLanes.ChannelPriority> own = ownPriorities;
        return own.isEmpty() ? nodeLane : OutboundLanes.match(own, channel, nodeLane);
    }

    @Override
    public final void prioritize(OutboundLanes.ChannelPriority entry, int maxMasks) {
        synchronized (this) {
            List<OutboundLanes.ChannelPriority> own = new java.util.ArrayList<>(ownPriorities);
            // A mask given again replaces its lane; the newest mask is asked first.
            own.removeIf(known -> known.mask().toString().equals(entry.mask().toString()));
            if (own.size() >= maxMasks) {
                throw new IllegalStateException("a connection may have " + maxMasks + " channel priorities");
            }
            own.add(0, entry);
            ownPriorities = List.copyOf(own);
        }
    }

    @Override
    public final void throttle(long bytesPerSecond, dev.switchboard.spi.Scheduler scheduler) {
        queue.throttle(bytesPerSecond, scheduler);
    }

    @Override
    public final void close(int code, String reason) {
        if (markClosed()) {
            // Set before the transport's close, which may report the close back inline.
            closeStartedHere = true;
            closeTransport(code, truncateReason(reason));
        }
    }

    @Override
    public final boolean abort() {
        if (markClosed()) {
            closeStartedHere = true;
            abortTransport();
            return true;
        }
        return false;
    }

    @Override
    public final boolean drain(int code, String reason) {
        if (!open.get()) {
            return false;
        }
        // Inbound is dropped from here on (the hub asks isDraining), before the last queued frame leaves.
        draining = true;
        return queue.drain(() -> close(code, reason));
    }

    @Override
    public final boolean isDraining() {
        return draining;
    }

    /**
     * Tells whether Switchboard decided to close this connection (an application, a limit, the shutdown), rather
     * than the peer closing it or a write failing: a transport drops messages that arrive after such a close, and
     * still hands the handler those the peer sent before its own.
     *
     * @return true when {@link #close} closed it
     */
    public final boolean closeStartedHere() {
        return closeStartedHere;
    }

    @Override
    public String toString() {
        return transport + " connection " + id
                + subprotocol.map(p -> " (" + p + ")").orElse("");
    }

    /**
     * Cuts a close reason to the 123 bytes RFC 6455 §5.5 allows, never inside a character.
     *
     * @param reason the reason, may be null
     * @return a reason that fits
     */
    public static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        if (utf8Length(reason) <= 123) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int cp = reason.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > 123) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end);
    }

    /**
     * The UTF-8 length of a string without encoding it, as {@code String.getBytes(UTF_8)} encodes it, which is how a
     * text frame is written: a surrogate without its pair becomes one {@code '?'}.
     *
     * @param text the text
     * @return its size in UTF-8 bytes
     */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private final class QueueSink implements OutboundQueue.Sink {
        @Override
        public void write(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
            if (frame.payload() instanceof StreamedMessage streamed) {
                // Its sender writes it now, on its own thread; the queue goes on when it is closed.
                streamed.granted(done, failed);
                return;
            }
            writeFrame(frame, done, failed);
        }

        @Override
        public void written(OutboundQueue.Frame frame) {
            if (!(frame.payload() instanceof StreamedMessage)) {
                // A streamed message counts itself as its sender writes it.
                MESSAGES_OUT.getAndAdd(BaseConnection.this, 1L);
                BYTES_OUT.getAndAdd(BaseConnection.this, frame.size());
            }
        }

        @Override
        public void overflow() {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Closing {0}: outbound queue full, the client reads too slowly",
                    BaseConnection.this);
            // The publisher that overflowed the queue may hold hub locks, and a container may run close callbacks
            // inline; closing from another thread keeps the two lock orders apart. The queue already refuses
            // frames, so nothing more is sent meanwhile.
            Runnable cutOff = () -> close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            Executor executor = closer;
            if (executor != null) {
                executor.execute(cutOff);
            } else {
                // Not registered with a hub (a transport's own test): a short-lived thread of its own.
                Thread.ofVirtual().name("switchboard-close-" + id).start(cutOff);
            }
        }

        @Override
        public void writeFailed(Throwable error) {
            LOG.log(System.Logger.Level.DEBUG, "Write to " + BaseConnection.this + " failed", error);
            // The peer's close or a broken socket, not a decision of ours: what the peer sent before still counts.
            if (markClosed()) {
                closeTransport(CloseCodes.GOING_AWAY, "write failed");
            }
        }
    }
}
