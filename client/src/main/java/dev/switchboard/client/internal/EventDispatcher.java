package dev.switchboard.client.internal;

import dev.switchboard.client.ClientEvent;
import dev.switchboard.client.SwitchboardException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Hands the client's events to its subscribers (the listener and every {@link Flow.Subscriber}), each through its
 * own bounded buffer drained by a task on the client's executor, so a slow subscriber never holds up the network
 * thread or the other subscribers. Flow rules: signals to one subscriber are serial, never more items than it
 * requested, and a terminal signal ends it.
 *
 * <p>Overflow, per subscriber: a {@link Overflow#CANCEL} subscriber (every Flow subscriber) is cancelled and gets
 * {@code onError}; a {@link Overflow#DROP_OLDEST} one (the listener) loses the oldest waiting events and is told how
 * many before the next event it receives.
 */
public final class EventDispatcher {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    /** What a full buffer does. */
    public enum Overflow {
        /** Cancel the subscription with an error. */
        CANCEL,
        /** Drop the oldest waiting event and report the count. */
        DROP_OLDEST
    }

    /** Receives the dropped-events report of a {@link Overflow#DROP_OLDEST} subscriber. */
    public interface DropReport {
        void dropped(SwitchboardException report);
    }

    private final ExecutorService executor;
    private final int capacity;
    private final List<Slot<?>> slots = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param executor runs the drain tasks; owned by the client, stopped by {@link #close(long)}
     * @param capacity the buffer of each subscriber
     */
    public EventDispatcher(ExecutorService executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
    }

    /**
     * A publisher of the events {@code mapper} maps to a non-null value.
     *
     * @param mapper picks and converts the events this publisher gives
     * @param <T> the item type
     * @return a publisher; each subscriber has its own buffer
     */
    public <T> Flow.Publisher<T> publisher(Function<ClientEvent, T> mapper) {
        return subscriber -> subscribe(Objects.requireNonNull(subscriber, "subscriber"), mapper, Overflow.CANCEL, null);
    }

    /** Subscribes with a policy; the listener's path. */
    public <T> void subscribe(
            Flow.Subscriber<? super T> subscriber,
            Function<ClientEvent, T> mapper,
            Overflow overflow,
            DropReport report) {
        Slot<T> slot = new Slot<>(subscriber, mapper, overflow, report);
        if (closed) {
            slot.terminate(null);
            return;
        }
        slots.add(slot);
        slot.schedule();
    }

    /** Offers an event to every subscriber. Called from the client's network side; never blocks. */
    public void publish(ClientEvent event) {
        for (Slot<?> slot : slots) {
            slot.offer(event);
        }
    }

    /**
     * Completes every subscriber after the events it has buffered (within {@code wait}), then stops the executor.
     */
    public void close(long waitMillis) {
        closed = true;
        for (Slot<?> slot : slots) {
            slot.terminate(null);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                // A subscriber that does not return in time is interrupted: no thread of ours outlives close().
                executor.shutdownNow();
                executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private final class Slot<T> implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final Function<ClientEvent, T> mapper;
        private final Overflow overflow;
        private final DropReport report;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private boolean subscribed;
        private boolean running;
        private long demand;
        private long dropped;
        private boolean done;
        private boolean completing;
        private Throwable failure;

        Slot(
                Flow.Subscriber<? super T> subscriber,
                Function<ClientEvent, T> mapper,
                Overflow overflow,
                DropReport report) {
            this.subscriber = subscriber;
            this.mapper = mapper;
            this.overflow = overflow;
            this.report = report;
        }

        void offer(ClientEvent event) {
            T item = mapper.apply(event);
            if (item == null) {
                return;
            }
            lock.lock();
            try {
                if (done || completing || failure != null) {
                    return;
                }
                if (items.size() >= capacity) {
                    if (overflow == Overflow.DROP_OLDEST) {
                        items.pollFirst();
                        dropped++;
                    } else {
                        items.clear();
                        failure = new SwitchboardException("subscriber too slow: more than " + capacity
                                + " events waited for its demand; the subscription is cancelled");
                    }
                }
                if (failure == null) {
                    items.addLast(item);
                }
            } finally {
                lock.unlock();
            }
            schedule();
        }

        void terminate(Throwable error) {
            lock.lock();
            try {
                if (error != null) {
                    failure = error;
                } else {
                    completing = true;
                }
            } finally {
                lock.unlock();
            }
            schedule();
        }

        void schedule() {
            lock.lock();
            try {
                if (running || done) {
                    return;
                }
                boolean work = !subscribed
                        || failure != null
                        || (completing && items.isEmpty())
                        || (demand > 0 && !items.isEmpty());
                if (!work) {
                    return;
                }
                running = true;
            } finally {
                lock.unlock();
            }
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                lock.lock();
                try {
                    running = false;
                    done = true;
                } finally {
                    lock.unlock();
                }
                slots.remove(this);
            }
        }

        private void drain() {
            try {
                if (!subscribed) {
                    subscribed = true;
                    subscriber.onSubscribe(this);
                }
                while (true) {
                    T item;
                    long lost = 0;
                    Throwable error = null;
                    boolean complete = false;
                    lock.lock();
                    try {
                        if (done) {
                            running = false;
                            return;
                        }
                        if (failure != null) {
                            error = failure;
                            done = true;
                            item = null;
                        } else if (demand > 0 && !items.isEmpty()) {
                            item = items.pollFirst();
                            demand--;
                            lost = dropped;
                            dropped = 0;
                        } else if (completing && items.isEmpty()) {
                            complete = true;
                            done = true;
                            item = null;
                        } else {
                            running = false;
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (error != null) {
                        slots.remove(this);
                        subscriber.onError(error);
                        return;
                    }
                    if (complete) {
                        slots.remove(this);
                        subscriber.onComplete();
                        return;
                    }
                    if (lost > 0 && report != null) {
                        report.dropped(new SwitchboardException(
                                lost + " events dropped: the listener fell more than " + capacity + " events behind"));
                    }
                    subscriber.onNext(item);
                }
            } catch (RuntimeException | Error thrown) {
                // A subscriber that throws breaks the Flow contract; it is cancelled so it cannot stall the others.
                LOG.log(System.Logger.Level.WARNING, "A subscriber of the Switchboard client threw; cancelled", thrown);
                lock.lock();
                try {
                    done = true;
                    running = false;
                    items.clear();
                } finally {
                    lock.unlock();
                }
                slots.remove(this);
            }
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    failure = new IllegalArgumentException("Flow rule 3.9: request(" + n + ") must be positive");
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
            } finally {
                lock.unlock();
            }
            schedule();
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                done = true;
                items.clear();
            } finally {
                lock.unlock();
            }
            slots.remove(this);
        }
    }
}
