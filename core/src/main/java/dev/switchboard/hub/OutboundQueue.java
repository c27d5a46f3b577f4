package dev.switchboard.hub;

import dev.switchboard.api.Priority;
import dev.switchboard.spi.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded per-connection outbound queue drained with one frame in flight.
 *
 * <p>{@link #offer} never blocks and never waits for the network: it either starts a write, appends to the
 * queue, or, when the queue is over its bound in messages or bytes, reports overflow so the owner can close
 * the connection as a slow consumer. Order is preserved: a frame is written only after the previous write
 * completed.
 *
 * <p>Waiting frames sit in one lane per {@link Priority}: the next frame written comes from the highest lane that
 * holds one, and each lane keeps its order. The bounds count all lanes together.
 *
 * <p>A queue may be {@linkplain #throttle throttled} to a number of bytes per second: a frame is written only once
 * the frames before it have had their time at that rate, and the wait is a timer on the scheduler, never a blocked
 * thread. Frames keep queueing meanwhile, so a client throttled below the rate it is sent at reaches the bounds and
 * is cut off as a slow consumer, as an unthrottled slow reader is.
 *
 * <p>Writes that complete on the calling thread (common for small frames on an idle socket) are drained in a
 * loop instead of by recursion, so a long queue cannot overflow the stack.
 */
public final class OutboundQueue {

    /**
     * One outbound frame. {@code payload} is a {@code String}, a read-only {@code ByteBuffer}, or the turn of a
     * message its sender streams (of size 0: its bytes are never in the queue).
     *
     * <p>One frame is shared by every subscriber of a fan-out, so a text frame keeps its UTF-8 encoding once a
     * transport that writes bytes asked for it: the publication is encoded once, not once per subscriber.
     */
    public static final class Frame {
        private static final VarHandle UTF8;

        static {
            try {
                UTF8 = MethodHandles.lookup().findVarHandle(Frame.class, "utf8", ByteBuffer.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Object payload;
        private final long size;
        /** Whether only one connection's queue holds this frame, which may then hand its bytes over whole. */
        private final boolean exclusive;
        /** The text's UTF-8 bytes, read-only, once asked for; written and read through {@link #UTF8}. */
        @SuppressWarnings("unused")
        private ByteBuffer utf8;

        /**
         * Creates a frame.
         *
         * @param payload the payload
         * @param size    its size in bytes (UTF-8 for text); counted against the queue's byte bound
         */
        public Frame(Object payload, long size) {
            this(payload, size, false);
        }

        private Frame(Object payload, long size, boolean exclusive) {
            this.payload = payload;
            this.size = size;
            this.exclusive = exclusive;
        }

        /**
         * A text frame for one connection only: its UTF-8 bytes are encoded when written and handed over as they
         * are, with no view kept for other readers.
         *
         * @param text the text
         * @param size its size in UTF-8 bytes
         * @return the frame
         */
        public static Frame exclusive(String text, long size) {
            return new Frame(text, size, true);
        }

        /**
         * The payload.
         *
         * @return a {@code String}, a read-only {@code ByteBuffer} or a streamed message's turn
         */
        public Object payload() {
            return payload;
        }

        /**
         * The size counted against the bounds.
         *
         * @return bytes
         */
        public long size() {
            return size;
        }

        /**
         * The UTF-8 encoding of a text frame, made by the first caller and kept: every caller gets its own view of
         * the same bytes, so each may consume it. An {@linkplain #exclusive exclusive} frame's bytes are made for
         * its one caller and not kept.
         *
         * @return a read-only buffer of the text's bytes
         * @throws ClassCastException when the payload is not text
         */
        public ByteBuffer utf8() {
            if (exclusive) {
                // Written once, by the one queue that holds it: nobody else will read these bytes.
                return ByteBuffer.wrap(((String) payload).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer bytes = (ByteBuffer) UTF8.getAcquire(this);
            if (bytes == null) {
                // Two first callers may both encode; the bytes are the same, and one of them is kept. The kept buffer
                // is never handed out, only read-only views of it.
                bytes = ByteBuffer.wrap(((String) payload).getBytes(StandardCharsets.UTF_8));
                UTF8.setRelease(this, bytes);
            }
            return bytes.asReadOnlyBuffer();
        }

        @Override
        public String toString() {
            return "Frame[" + size + " bytes]";
        }
    }

    /** What {@link #enqueue} did with a frame. */
    public enum Queued {
        /** The queue is closed, draining or over its bounds with this frame. */
        REFUSED,
        /** The frame waits behind a write under way. */
        WAITING,
        /** Nothing was being written: the caller must call {@link #startWriting} next, on any thread. */
        START
    }

    /** The transport side of the queue. */
    public interface Sink {
        /**
         * Writes one frame. Exactly one of the callbacks must be called, once, on any thread, possibly before
         * this method returns.
         *
         * @param frame the frame
         * @param done  the callback for a completed write
         * @param failed the callback for a failed write
         */
        void write(Frame frame, Runnable done, Consumer<Throwable> failed);

        /**
         * A frame was written (its write completed). Called under the queue's lock: it must only count.
         *
         * @param frame the frame
         */
        default void written(Frame frame) {}

        /** The queue went over its bound; the owner should close the connection. Called at most once. */
        void overflow();

        /**
         * A write failed; the owner should close the connection. Called at most once.
         *
         * @param error the failure
         */
        void writeFailed(Throwable error);
    }

    private final Sink sink;
    private final int maxMessages;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The waiting frames, one lane per priority, highest first; a lane's deque is made when a frame first waits in it,
     * since most connections never queue anything in most lanes and every idle connection would otherwise carry three
     * empty deques. Guarded by the lock.
     */
    private final ArrayDeque<Frame>[] lanes;

    private int pendingCount;
    /** The lane of the frame being written (or held back by the throttle). Guarded by the lock. */
    private int inFlightLane;

    private long pendingBytes;
    /** The pace of writes; null when not throttled. Written under the lock, read without it on the fast path. */
    private volatile Pacing pacing;

    /**
     * The frame being written. Guarded by the lock. One write is in flight at a time, so the completion callbacks
     * are made once per queue, not once per write.
     */
    private Frame current;

    private final Runnable onWritten = this::completed;
    private final Consumer<Throwable> onFailed = this::failed;

    private boolean inFlight;
    /** Fan-outs under way that have this queue hold back the start of its writes ({@link #hold}). */
    private int holds;
    /** Whether a frame offered during a hold waits for the start its {@link #release} hands over. */
    private boolean startHeld;

    private boolean writing;
    private boolean completedWhileWriting;
    private boolean closed;
    /** Set by {@link #drain}: the queue refuses frames from then on; {@link #DRAINED} once the callback was taken. */
    private Runnable whenDrained;

    private static final Runnable DRAINED = () -> {};

    /**
     * Creates a queue.
     *
     * @param sink        the transport
     * @param maxMessages most frames waiting (the one in flight not counted)
     * @param maxBytes    most bytes waiting
     */
    public OutboundQueue(Sink sink, int maxMessages, long maxBytes) {
        this.sink = sink;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        @SuppressWarnings("unchecked")
        ArrayDeque<Frame>[] byPriority = new ArrayDeque[Priority.values().length];
        this.lanes = byPriority;
    }

    /** The earliest time the next frame may start, at a rate of bytes per second. Guarded by the lock. */
    private static final class Pacing {
        final long bytesPerSecond;
        final Scheduler scheduler;
        long earliestNanos;

        Pacing(long bytesPerSecond, Scheduler scheduler, long earliestNanos) {
            this.bytesPerSecond = bytesPerSecond;
            this.scheduler = scheduler;
            this.earliestNanos = earliestNanos;
        }
    }

    /**
     * Limits the rate frames are written at, from the next frame on.
     *
     * @param bytesPerSecond the rate; 0 or less removes the limit
     * @param scheduler      runs the writes a limit delays
     */
    public void throttle(long bytesPerSecond, Scheduler scheduler) {
        lock.lock();
        try {
            Pacing before = pacing;
            pacing = bytesPerSecond > 0
                    ? new Pacing(bytesPerSecond, scheduler, before == null ? 0L : before.earliestNanos)
                    : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The rate frames are written at.
     *
     * @return bytes per second; 0 when not throttled
     */
    public long throttle() {
        Pacing current = pacing;
        return current == null ? 0L : current.bytesPerSecond;
    }

    /**
     * Queues a frame, starting the write at once when nothing is in flight.
     *
     * @param frame the frame
     * @return false when the queue is closed or overflowed with this frame
     */
    public boolean offer(Frame frame) {
        return offer(frame, Priority.NORMAL);
    }

    /**
     * Queues a frame in a priority's lane, starting the write at once when nothing is in flight.
     *
     * @param frame    the frame
     * @param priority its lane
     * @return false when the queue is closed or overflowed with this frame
     */
    public boolean offer(Frame frame, Priority priority) {
        boolean overflow = false;
        boolean start = false;
        lock.lock();
        try {
            if (closed || whenDrained != null) {
                return false;
            }
            if (!inFlight && holds > 0) {
                // Held for the start that ends the hold: frames offered meanwhile wait behind this one.
                append(frame, priority);
                inFlight = true;
                startHeld = true;
            } else if (!inFlight) {
                inFlight = true;
                inFlightLane = priority.ordinal();
                beginWrite(frame);
                start = true;
            } else if (overflows(frame)) {
                overflow = true;
            } else {
                append(frame, priority);
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            sink.overflow();
            return false;
        }
        if (start) {
            writeLoop(frame);
        }
        return true;
    }

    /**
     * Queues a frame in a priority's lane without writing on this thread, so that a fan-out can queue a publication to
     * every subscriber in order first and have the writes started in parallel afterwards. Order is kept: the frame is
     * in the queue when this returns, and whoever starts the writes takes the frames in queue order.
     *
     * @param frame    the frame
     * @param priority its lane
     * @return {@link Queued#START} when nothing was being written, and {@link #startWriting} must be called
     */
    public Queued enqueue(Frame frame, Priority priority) {
        boolean overflow = false;
        lock.lock();
        try {
            if (closed || whenDrained != null) {
                return Queued.REFUSED;
            }
            if (inFlight && overflows(frame)) {
                overflow = true;
            } else {
                append(frame, priority);
                if (!inFlight) {
                    // Held for the caller's startWriting: frames offered meanwhile wait behind this one.
                    inFlight = true;
                    return Queued.START;
                }
                return Queued.WAITING;
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            sink.overflow();
        }
        return Queued.REFUSED;
    }

    /**
     * Has frames offered from now on queued without a write on the offering thread, until {@link #release}: a fan-out
     * whose subprotocol builds each subscriber's frame itself ({@code SubprotocolHandler#deliversPerSubscriber}) has it
     * queue them in order under the channel's lock, and starts the writes afterwards, in parallel, as for a shared
     * frame. Holds nest; each must be released.
     */
    public void hold() {
        lock.lock();
        try {
            holds++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a {@link #hold}.
     *
     * @return true when a frame offered during a hold waits for its start: the caller must then call {@link
     *     #startWriting}, exactly once, on any thread
     */
    public boolean release() {
        lock.lock();
        try {
            holds--;
            boolean start = startHeld;
            startHeld = false;
            return start;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts writing what {@link #enqueue} queued when it answered {@link Queued#START}, or what was offered during a
     * hold when {@link #release} answered true; call it exactly once for that answer, on any thread.
     */
    public void startWriting() {
        resume();
    }

    /**
     * Refuses further frames and runs {@code drained} once every frame already queued was written: at once when
     * nothing is in flight, else on the thread that completes the last write. It never runs when the queue is
     * closed or a write fails first.
     *
     * @param drained what to do once the queue is empty
     * @return false when the queue was closed or draining already
     */
    public boolean drain(Runnable drained) {
        boolean now;
        lock.lock();
        try {
            if (closed || whenDrained != null) {
                return false;
            }
            now = !inFlight;
            whenDrained = now ? DRAINED : drained;
        } finally {
            lock.unlock();
        }
        if (now) {
            drained.run();
        }
        return true;
    }

    /**
     * Drops everything waiting and refuses further frames. The frame in flight, if any, completes on its own.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            clearPending();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a frame would take the waiting frames over the bounds; if so the queue is closed and emptied, and the
     * caller reports the overflow once it let go of the lock. Caller holds the lock.
     */
    private boolean overflows(Frame frame) {
        if (pendingCount < maxMessages && pendingBytes + frame.size() <= maxBytes) {
            return false;
        }
        closed = true;
        clearPending();
        return true;
    }

    /** Puts a frame at the end of its lane. Caller holds the lock. */
    private void append(Frame frame, Priority priority) {
        lane(priority.ordinal()).addLast(frame);
        pendingCount++;
        pendingBytes += frame.size();
    }

    /** A lane's deque, made on first use. Caller holds the lock. */
    private ArrayDeque<Frame> lane(int priority) {
        ArrayDeque<Frame> lane = lanes[priority];
        if (lane == null) {
            lane = new ArrayDeque<>(4);
            lanes[priority] = lane;
        }
        return lane;
    }

    /** Drops every waiting frame. Caller holds the lock. */
    private void clearPending() {
        for (ArrayDeque<Frame> lane : lanes) {
            if (lane != null) {
                lane.clear();
            }
        }
        pendingCount = 0;
        pendingBytes = 0;
    }

    /**
     * Frames waiting, the one in flight not counted.
     *
     * @return the count
     */
    public int size() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes frames until one does not complete on this thread. The caller has already marked the first write as
     * begun (under the lock, together with the decision to write), so each frame costs one lock round here.
     */
    private void writeLoop(Frame first) {
        Frame frame = first;
        while (frame != null) {
            if (pacing != null && deferred(frame)) {
                return;
            }
            sink.write(frame, onWritten, onFailed);
            Runnable drained = null;
            lock.lock();
            try {
                writing = false;
                if (!completedWhileWriting) {
                    // The write is still under way; its callback continues the drain.
                    return;
                }
                frame = next();
                if (frame != null) {
                    beginWrite(frame);
                } else {
                    drained = idleDrained();
                }
            } finally {
                lock.unlock();
            }
            if (drained != null) {
                drained.run();
            }
        }
    }

    /** The drain callback once the queue went idle with nothing left, taken so it runs once. Caller holds the lock. */
    private Runnable idleDrained() {
        if (closed || inFlight || whenDrained == null) {
            return null;
        }
        Runnable drained = whenDrained;
        // Not null: the queue keeps refusing frames after its drain ran.
        whenDrained = DRAINED;
        return drained;
    }

    /**
     * Holds a frame back until the throttle's rate allows the next write, or charges the frame's time and lets it go.
     * A frame held back goes back to the front of its lane, and the timer takes the highest lane's first frame then:
     * what arrives in a higher lane meanwhile is written first.
     *
     * @return true when the write was put off to a timer, which continues the drain
     */
    private boolean deferred(Frame frame) {
        long waitNanos;
        Scheduler scheduler;
        lock.lock();
        try {
            Pacing current = pacing;
            if (current == null) {
                return false;
            }
            long now = System.nanoTime();
            if (now - current.earliestNanos >= 0) {
                // The frame takes its share of a second at the rate; the next one may start once that has passed.
                current.earliestNanos = now + Math.max(1L, frame.size()) * 1_000_000_000L / current.bytesPerSecond;
                return false;
            }
            waitNanos = current.earliestNanos - now;
            scheduler = current.scheduler;
            if (!closed) {
                lane(inFlightLane).addFirst(frame);
                pendingCount++;
                pendingBytes += frame.size();
            }
            // Nothing is being written: a completion callback has nothing to continue until the timer fires.
            writing = false;
        } finally {
            lock.unlock();
        }
        try {
            scheduler.schedule(this::resume, Duration.ofNanos(waitNanos));
        } catch (RejectedExecutionException stopped) {
            // The application is stopping: nothing more is written.
            lock.lock();
            try {
                closed = true;
                inFlight = false;
                clearPending();
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    /** Continues a drain the throttle held back, with the highest lane's first frame, unless the queue closed. */
    private void resume() {
        Frame next;
        Runnable drained = null;
        lock.lock();
        try {
            next = next();
            if (next != null) {
                beginWrite(next);
            } else {
                drained = idleDrained();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            writeLoop(next);
        } else if (drained != null) {
            drained.run();
        }
    }

    /** Marks a write as under way on the calling thread. Caller holds the lock. */
    private void beginWrite(Frame frame) {
        current = frame;
        writing = true;
        completedWhileWriting = false;
    }

    private void completed() {
        Frame next;
        Runnable drained = null;
        lock.lock();
        try {
            Frame done = current;
            current = null;
            if (done != null) {
                sink.written(done);
            }
            if (writing) {
                // Completed before write() returned: let the writing thread's loop take the next frame.
                completedWhileWriting = true;
                return;
            }
            next = next();
            if (next != null) {
                beginWrite(next);
            } else {
                drained = idleDrained();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            writeLoop(next);
        } else if (drained != null) {
            drained.run();
        }
    }

    private void failed(Throwable error) {
        lock.lock();
        try {
            closed = true;
            inFlight = false;
            writing = false;
            current = null;
            clearPending();
        } finally {
            lock.unlock();
        }
        sink.writeFailed(error);
    }

    /** Takes the next frame, or marks the queue idle. Caller holds the lock. */
    private Frame next() {
        Frame next = null;
        if (!closed && pendingCount > 0) {
            for (int lane = 0; lane < lanes.length && next == null; lane++) {
                next = lanes[lane] == null ? null : lanes[lane].pollFirst();
                if (next != null) {
                    inFlightLane = lane;
                }
            }
        }
        if (next == null) {
            inFlight = false;
        } else {
            pendingCount--;
            pendingBytes -= next.size();
        }
        return next;
    }
}
