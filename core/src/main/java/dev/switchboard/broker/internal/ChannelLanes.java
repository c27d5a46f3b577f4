package dev.switchboard.broker.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ordered lane per busy channel: a bounded queue of tasks run one at a time, in order, on an executor. A lane
 * exists while its channel has work and disappears when drained, so idle channels cost nothing.
 *
 * <p>A slow task (a history append waiting for a database) delays the later tasks of its own channel only; the
 * publisher's thread waits only when the channel's queue is full, for a bounded time, and is then refused. A lane
 * runs at most {@link #BATCH} tasks before handing its thread back to the executor, so a busy channel cannot hold a
 * shared thread forever.
 */
public final class ChannelLanes {

    private static final System.Logger LOG = System.getLogger(ChannelLanes.class.getName());

    /** Most tasks a lane runs before it yields its thread. */
    static final int BATCH = 64;

    private enum Offer {
        STARTED,
        QUEUED,
        FULL,
        RETIRED
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Executor executor;
    private final int capacity;
    private final long waitNanos;

    /**
     * Creates the lanes.
     *
     * @param executor where lanes run (the scheduler)
     * @param capacity most tasks waiting per channel
     * @param wait     how long {@link #submit} waits for room in a full lane
     */
    public ChannelLanes(Executor executor, int capacity, Duration wait) {
        this.executor = executor;
        this.capacity = capacity;
        this.waitNanos = wait.toNanos();
    }

    /**
     * Queues a task behind the channel's earlier tasks, waiting up to the configured time for room.
     *
     * @param channel the channel
     * @param task    the task; an exception it throws is logged and the lane goes on
     * @return false when the lane stayed full (the task will not run)
     */
    public boolean submit(String channel, Runnable task) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(channel, Lane::new);
            switch (lane.offer(task)) {
                case STARTED -> {
                    start(lane);
                    return true;
                }
                case QUEUED -> {
                    return true;
                }
                case FULL -> {
                    return false;
                }
                case RETIRED -> lanes.remove(channel, lane);
            }
        }
    }

    /**
     * The number of channels with work waiting or running, for tests and diagnostics.
     *
     * @return the count
     */
    public int busyChannels() {
        return lanes.size();
    }

    private void start(Lane lane) {
        try {
            executor.execute(lane::drain);
        } catch (RuntimeException e) {
            // The executor is shutting down with the application: finish the work here rather than lose it.
            LOG.log(System.Logger.Level.WARNING, "No thread for a channel lane; running it on the caller's", e);
            lane.drain();
        }
    }

    private final class Lane {
        private final String channel;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notFull = lock.newCondition();
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean running;
        private boolean retired;

        Lane(String channel) {
            this.channel = channel;
        }

        Offer offer(Runnable task) {
            lock.lock();
            try {
                long remaining = waitNanos;
                while (!retired && queue.size() >= capacity) {
                    if (remaining <= 0) {
                        return Offer.FULL;
                    }
                    try {
                        remaining = notFull.awaitNanos(remaining);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Offer.FULL;
                    }
                }
                if (retired) {
                    return Offer.RETIRED;
                }
                queue.addLast(task);
                if (running) {
                    return Offer.QUEUED;
                }
                running = true;
                return Offer.STARTED;
            } finally {
                lock.unlock();
            }
        }

        void drain() {
            for (int i = 0; i < BATCH; i++) {
                Runnable task;
                lock.lock();
                try {
                    task = queue.pollFirst();
                    if (task == null) {
                        running = false;
                        retired = true;
                        lanes.remove(channel, this);
                        return;
                    }
                    notFull.signal();
                } finally {
                    lock.unlock();
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "A task of a channel lane failed", e);
                }
            }
            start(this);
        }
    }
}
