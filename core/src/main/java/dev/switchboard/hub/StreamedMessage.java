package dev.switchboard.hub;

import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One message a connection sends in fragments ({@code Connection.sendBinaryStream}, {@code sendTextStream}): its turn
 * in the outbound queue, then the transport's stream, which the application writes on its own thread.
 *
 * <p>The message enters the queue as a frame of no size. When its turn comes the queue's writer does not write it:
 * it hands the message the queue's completion callbacks and goes idle, so the wire is the message's until the
 * application closes its stream (or a write fails). A WebSocket message's fragments cannot be interleaved with other
 * data frames, so whatever is queued meanwhile waits, within the queue's bounds, and a connection whose queue fills
 * while a stream stays open is cut off as a slow consumer, which ends the stream's writes with an exception.
 */
final class StreamedMessage {

    private final CompletableFuture<Void> turn = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private Runnable done;
    private Consumer<Throwable> failed;
    private boolean abandoned;
    private boolean ended;

    /**
     * The queue reached the message: it holds the wire until {@link #finished} or {@link #failed}. A message whose
     * sender stopped waiting gives the wire back at once.
     */
    void granted(Runnable done, Consumer<Throwable> failed) {
        lock.lock();
        try {
            if (!abandoned) {
                this.done = done;
                this.failed = failed;
                turn.complete(null);
                return;
            }
        } finally {
            lock.unlock();
        }
        done.run();
    }

    /** The connection closed before the message's turn came. */
    void connectionClosed() {
        turn.completeExceptionally(new IOException("the connection closed before the message could be sent"));
    }

    /**
     * Waits for the message's turn.
     *
     * @param wait how long at most
     * @throws IOException when the turn did not come in time or the connection closed
     */
    void awaitTurn(Duration wait) throws IOException {
        try {
            turn.get(Math.max(0L, wait.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("interrupted while the messages before this one were sent");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            if (abandon()) {
                throw new IOException(
                        "the messages queued before this one were not sent within " + wait + "; nothing was sent");
            }
        }
    }

    /** Stops waiting; false when the turn came meanwhile (the message goes ahead after all). */
    private boolean abandon() {
        lock.lock();
        try {
            if (done != null) {
                return false;
            }
            abandoned = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The message was written whole: the queue goes on. Once. */
    void finished() {
        Runnable next;
        lock.lock();
        try {
            if (ended || done == null) {
                return;
            }
            ended = true;
            next = done;
        } finally {
            lock.unlock();
        }
        next.run();
    }

    /** A write of the message failed: the connection closes. Once. */
    void failed(Throwable error) {
        Consumer<Throwable> fail;
        lock.lock();
        try {
            if (ended || failed == null) {
                return;
            }
            ended = true;
            fail = failed;
        } finally {
            lock.unlock();
        }
        fail.accept(error);
    }

    /** What a finished message adds to the connection's counters. */
    interface Counter {
        /**
         * Counts one message sent.
         *
         * @param bytes its size
         */
        void sent(long bytes);
    }

    /** A step of the transport's stream that may fail. */
    private interface Step {
        void run() throws IOException;
    }

    /** Runs a step of the transport's stream; a failure ends the message's turn (the connection closes). */
    private void guarded(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** Closes the transport's stream, then counts the message and lets the queue go on. */
    private void close(Step close, long bytes, Counter counter) throws IOException {
        guarded(close);
        counter.sent(bytes);
        finished();
    }

    private static IOException closedMessage() {
        return new IOException("the message was closed");
    }

    /**
     * The application's view of a binary message's stream: counts the bytes, and ends the message's turn when closed
     * or when a write fails.
     */
    OutputStream binary(OutputStream transport, Counter counter) {
        return new FilterOutputStream(transport) {
            private long bytes;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                if (closed) {
                    throw closedMessage();
                }
                guarded(() -> out.write(data, offset, length));
                bytes += length;
            }

            @Override
            public void flush() throws IOException {
                guarded(out::flush);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    StreamedMessage.this.close(out::close, bytes, counter);
                }
            }
        };
    }

    /** The application's view of a text message's stream, as {@link #binary} is of a binary one. */
    Writer text(Writer transport, Counter counter) {
        return new FilterWriter(transport) {
            private long bytes;
            private boolean closed;

            @Override
            public void write(int c) throws IOException {
                write(new char[] {(char) c}, 0, 1);
            }

            @Override
            public void write(char[] data, int offset, int length) throws IOException {
                if (closed) {
                    throw closedMessage();
                }
                guarded(() -> out.write(data, offset, length));
                bytes += BaseConnection.utf8Length(new String(data, offset, length));
            }

            @Override
            public void write(String text, int offset, int length) throws IOException {
                write(text.substring(offset, offset + length).toCharArray(), 0, length);
            }

            @Override
            public void flush() throws IOException {
                guarded(out::flush);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    StreamedMessage.this.close(out::close, bytes, counter);
                }
            }
        };
    }
}
