package dev.switchboard.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one source of threads for Switchboard's timed and background work: heartbeats, identity expiry, QoS
 * retries, SSE keep-alives, forwarding health checks, ban-list writes and the broker's history appends.
 *
 * <p>On an application server the default implementation hands every task to the container's
 * {@code ManagedScheduledExecutorService}, so tasks run on managed threads with the application's context and
 * stop with the deployment; on embedded Jetty to the one executor the server owns. Components receive it by
 * injection and tests build one with {@link #of(ScheduledExecutorService)}.
 *
 * <p>Tasks must not block for long: the executor is shared. A task that throws is logged; a periodic task that
 * throws keeps its schedule.
 */
public interface Scheduler {

    /**
     * Runs a task once after a delay.
     *
     * @param task the task
     * @param delay the delay; zero or negative runs it as soon as possible
     * @return a handle to cancel it
     */
    Future<?> schedule(Runnable task, Duration delay);

    /**
     * Runs a task repeatedly, each run starting {@code delay} after the previous one ended.
     *
     * @param task the task
     * @param initialDelay the delay before the first run
     * @param delay the delay between the end of one run and the start of the next
     * @return a handle to cancel it
     */
    Future<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay);

    /**
     * Runs a task as soon as a thread is free.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * A scheduler over an executor the caller owns and shuts down; for tests and launchers.
     *
     * @param executor the executor
     * @return the scheduler
     */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return new Scheduler() {
            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                return executor.schedule(Guarded.once(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public Future<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
                return executor.scheduleWithFixedDelay(
                        Guarded.repeated(task), initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void execute(Runnable task) {
                executor.execute(Guarded.once(task));
            }
        };
    }

    /** Wraps tasks so a failure is logged instead of vanishing into a future nobody reads. */
    final class Guarded {
        private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

        private Guarded() {}

        /**
         * Wraps a one-off task.
         *
         * @param task the task
         * @return the wrapped task
         */
        public static Runnable once(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "A scheduled task failed: " + task, e);
                }
            };
        }

        /**
         * Wraps a periodic task; an exception would otherwise cancel every later run.
         *
         * @param task the task
         * @return the wrapped task
         */
        public static Runnable repeated(Runnable task) {
            return once(task);
        }
    }
}
