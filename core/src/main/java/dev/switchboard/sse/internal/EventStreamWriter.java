package dev.switchboard.sse.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes finished event-stream blocks to one asynchronous response, without blocking: the response's
 * {@link ServletOutputStream} has a {@link WriteListener}, and a block is written and flushed only while the stream
 * {@linkplain ServletOutputStream#isReady() is ready}; otherwise the write finishes when the container calls
 * {@code onWritePossible}. No thread waits on a slow client.
 *
 * <p>It knows bytes and the response's life only; what the blocks say is {@link SseEventEncoder}'s job, and what a
 * broken or finished stream means is the connection's, told through {@code ended}.
 */
final class EventStreamWriter {

    private static final System.Logger LOG = System.getLogger(EventStreamWriter.class.getName());

    private record Job(byte[] bytes, Runnable done, Consumer<Throwable> failed) {}

    private enum Stage {
        WRITE,
        FLUSH,
        FLUSHED
    }

    /** What the connection hears about its stream. */
    interface Ended {
        /**
         * The client went away or the stream broke; no more can be written.
         *
         * @param reason why, for the log and the close reason
         * @param error  the failure, or null
         */
        void peerGone(String reason, Throwable error);
    }

    private final Ended ended;
    private final ReentrantLock io = new ReentrantLock();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private Job current;
    private Stage stage = Stage.WRITE;
    private boolean completed;
    private AsyncContext async;
    private ServletOutputStream out;

    EventStreamWriter(Ended ended) {
        this.ended = ended;
    }

    /**
     * Attaches the writer to its asynchronous response. Call on the request thread, after {@code startAsync}.
     *
     * @param context the async context
     * @throws IOException when the output stream is not available
     */
    void start(AsyncContext context) throws IOException {
        context.addListener(new Listener());
        ServletOutputStream stream = context.getResponse().getOutputStream();
        stream.setWriteListener(new Writer());
        boolean completedBefore;
        io.lock();
        try {
            // Published only now, so no thread writes before the stream is in non-blocking mode. Blocks queued
            // before this wait for it: the opening events and replays go out together.
            this.async = context;
            this.out = stream;
            completedBefore = completed;
        } finally {
            io.unlock();
        }
        if (completedBefore) {
            // Closed before it was attached: nothing more is written, and the container must still hear of it.
            completeAsync();
            return;
        }
        drive();
    }

    /**
     * Queues a block; {@code failed} runs when the response is already complete or the write fails.
     *
     * @param bytes  the block
     * @param done   runs once the block is flushed
     * @param failed runs when it cannot be written
     */
    void enqueue(byte[] bytes, Runnable done, Consumer<Throwable> failed) {
        Job job = new Job(bytes, done, failed);
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
        ended.peerGone("write failed", error);
    }

    /** Completes the response, once; later blocks fail. */
    void complete() {
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
        completeAsync();
    }

    private void completeAsync() {
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Completing an SSE response failed", e);
        }
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
            ended.peerGone("stream completed", null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended.peerGone("stream timed out", null);
        }

        @Override
        public void onError(AsyncEvent event) {
            ended.peerGone("stream failed", event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not restarted.
        }
    }
}
