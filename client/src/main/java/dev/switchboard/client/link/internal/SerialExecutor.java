package dev.switchboard.client.link.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on an underlying executor. The link runs its state changes and
 * every listener call here, so the listener is never called concurrently and sees events in the order they
 * happened, whatever executor (virtual threads, a container's managed executor) carries them.
 */
final class SerialExecutor implements Executor {

    private final Executor carrier;
    private final Consumer<Throwable> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();
    private boolean running;
    private boolean shutdown;

    SerialExecutor(Executor carrier, Consumer<Throwable> onFailure) {
        this.carrier = carrier;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (shutdown) {
                return;
            }
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        try {
            carrier.execute(this::drain);
        } catch (RejectedExecutionException e) {
            lock.lock();
            try {
                running = false;
                tasks.clear();
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether the calling thread is running a task of this executor. */
    boolean isCurrent() {
        return Boolean.TRUE.equals(inside.get());
    }

    /** Accepts no more tasks; those already submitted still run. */
    void shutdown() {
        lock.lock();
        try {
            shutdown = true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no task is queued or running, at most {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (running || !tasks.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        inside.set(Boolean.TRUE);
        try {
            while (true) {
                Runnable task;
                lock.lock();
                try {
                    task = tasks.poll();
                    if (task == null) {
                        running = false;
                        idle.signalAll();
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    task.run();
                } catch (Throwable failure) {
                    onFailure.accept(failure);
                }
            }
        } finally {
            inside.remove();
        }
    }
}
