package dev.switchboard.hub;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded per-connection outbound queue drained with one frame in flight.
 *
 * <p>{@link #offer} never blocks and never waits for the network: it either starts a write, appends to the
 * queue, or, when the queue is over its bound in messages or bytes, reports overflow so the owner can close
 * the connection as a slow consumer. Order is preserved: a frame is written only after the previous write
 * completed.
 *
 * <p>Writes that complete on the calling thread (common for small frames on an idle socket) are drained in a
 * loop instead of by recursion, so a long queue cannot overflow the stack.
 */
public final class OutboundQueue {

    /** One outbound frame. {@code payload} is a {@code String} or a read-only {@code ByteBuffer}. */
    public record Frame(Object payload, long size) {}

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
        void write(Frame frame, Runnable done, java.util.function.Consumer<Throwable> failed);

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
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean inFlight;
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
    }

    /**
     * Queues a frame, starting the write at once when nothing is in flight.
     *
     * @param frame the frame
     * @return false when the queue is closed or overflowed with this frame
     */
    public boolean offer(Frame frame) {
        boolean overflow = false;
        boolean start = false;
        lock.lock();
        try {
            if (closed || whenDrained != null) {
                return false;
            }
            if (!inFlight) {
                inFlight = true;
                beginWrite();
                start = true;
            } else if (pending.size() >= maxMessages || pendingBytes + frame.size() > maxBytes) {
                closed = true;
                pending.clear();
                pendingBytes = 0;
                overflow = true;
            } else {
                pending.addLast(frame);
                pendingBytes += frame.size();
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
            pending.clear();
            pendingBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frames waiting, the one in flight not counted.
     *
     * @return the count
     */
    public int size() {
        lock.lock();
        try {
            return pending.size();
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
            sink.write(frame, this::completed, this::failed);
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
                    beginWrite();
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

    /** Marks a write as under way on the calling thread. Caller holds the lock. */
    private void beginWrite() {
        writing = true;
        completedWhileWriting = false;
    }

    private void completed() {
        Frame next;
        Runnable drained = null;
        lock.lock();
        try {
            if (writing) {
                // Completed before write() returned: let the writing thread's loop take the next frame.
                completedWhileWriting = true;
                return;
            }
            next = next();
            if (next != null) {
                beginWrite();
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
            pending.clear();
            pendingBytes = 0;
        } finally {
            lock.unlock();
        }
        sink.writeFailed(error);
    }

    /** Takes the next frame, or marks the queue idle. Caller holds the lock. */
    private Frame next() {
        Frame next = closed ? null : pending.pollFirst();
        if (next == null) {
            inFlight = false;
        } else {
            pendingBytes -= next.size();
        }
        return next;
    }
}
