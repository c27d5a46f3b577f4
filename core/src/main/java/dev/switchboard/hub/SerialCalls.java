package dev.switchboard.hub;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the calls a transport makes on one connection's subprotocol handler serial and ordered, as {@link
 * dev.switchboard.spi.SubprotocolHandler} promises. A message's call runs between {@link #enter} and {@link #exit},
 * waiting for a call in progress. The end of a connection is different: it may be noticed on a thread that must not
 * wait (the container's close, a fan-out that holds a channel's lock, a shared scheduler thread), or inside a handler
 * call that closed the connection itself. So {@link #later} never waits and never runs inside a call: it runs the call
 * at once when no call is in progress, otherwise the thread in the call runs it as it exits. No thread is started or
 * parked to wait. The lock is a {@link ReentrantLock} because handlers may run on virtual threads.
 */
public final class SerialCalls {

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();

    /** Waits for the call in progress, if any, and starts this thread's. */
    public void enter() {
        lock.lock();
    }

    /** Ends this thread's call, then runs what {@link #later} queued meanwhile. */
    public void exit() {
        lock.unlock();
        runQueued();
    }

    /**
     * Runs a call after every call in progress or queued before it, without waiting for one in progress.
     *
     * @param call what to run; it handles its own exceptions
     */
    public void later(Runnable call) {
        queued.add(call);
        runQueued();
    }

    private void runQueued() {
        // Checked again after every release: a call queued while this thread held the lock is not left behind. A
        // thread inside a call of its own leaves the queue to its exit.
        while (!queued.isEmpty() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            try {
                for (Runnable call = queued.poll(); call != null; call = queued.poll()) {
                    call.run();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
