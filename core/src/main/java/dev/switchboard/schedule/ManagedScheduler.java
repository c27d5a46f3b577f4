package dev.switchboard.schedule;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The application's {@link Scheduler}: the executor bound at {@code switchboard.scheduler.jndi-name} when that is set;
 * otherwise, on an application server, an executor of the application's own on the container's managed threads
 * ({@code java:comp/DefaultManagedThreadFactory}), shut down with the application; else the executor at
 * {@code java:comp/DefaultManagedScheduledExecutorService} (the embedded server binds the one it owns there), or,
 * where there is none, an executor of its own. Whatever the executor, the timers still pending when the application stops are
 * cancelled, so nothing of a stopped application runs or stays reachable.
 */
@ApplicationScoped
public class ManagedScheduler implements Scheduler {

    private static final System.Logger LOG = System.getLogger(ManagedScheduler.class.getName());

    /** The JNDI name Jakarta Concurrency gives the default managed scheduled executor. */
    public static final String DEFAULT_JNDI_NAME = "java:comp/DefaultManagedScheduledExecutorService";

    /** The JNDI name Jakarta Concurrency gives the default managed thread factory. */
    public static final String DEFAULT_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    /** Threads of the fallback executor when none is configured. */
    public static final int DEFAULT_THREADS = 4;

    @Inject
    ConfigReader config;

    private ScheduledExecutorService owned;
    private Scheduler delegate;

    /**
     * Every timer scheduled here and not yet run or cancelled. A container's executor outlives the application: a
     * timer left in it after an undeploy would run against a stopped application, and would keep the application's
     * classes (and so every class its class loader loaded) reachable for as long as it is scheduled, a periodic one
     * forever. They are cancelled when the application stops.
     */
    private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();

    private volatile boolean stopped;

    @PostConstruct
    void start() {
        int threads = config.getInt(ConfigKeys.SCHEDULER_THREADS, DEFAULT_THREADS);
        Optional<String> configured = config.get(ConfigKeys.SCHEDULER_JNDI_NAME);
        if (configured.isEmpty()) {
            // An executor of the application's own on the container's managed threads, rather than the container's
            // shared scheduled executor: that one keeps a cancelled timer queued until it is due, and with it the
            // context it captured, the application's class loader, so every undeployed application stayed in memory
            // for as long as its longest timer. This one is shut down with the application and drops them all.
            ThreadFactory containerThreads = lookup(DEFAULT_THREAD_FACTORY, ThreadFactory.class);
            if (containerThreads != null) {
                LOG.log(System.Logger.Level.DEBUG, "Scheduling on {0} threads of {1}", threads, DEFAULT_THREAD_FACTORY);
                owned = ownedExecutor(threads, containerThreads);
                delegate = Scheduler.of(owned);
                return;
            }
        }
        String name = configured.orElse(DEFAULT_JNDI_NAME);
        ScheduledExecutorService found = lookup(name, ScheduledExecutorService.class);
        if (found != null) {
            LOG.log(System.Logger.Level.DEBUG, "Scheduling on {0}", name);
            delegate = Scheduler.of(found);
            return;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "No managed scheduled executor at {0}; Switchboard runs its own with {1} threads",
                name,
                threads);
        owned = ownedExecutor(threads);
        delegate = Scheduler.of(owned);
    }

    /**
     * A scheduler over an executor someone else owns, as the container's is.
     *
     * @param executor the executor; it outlives {@link #stop}
     * @return the scheduler
     */
    static ManagedScheduler over(ScheduledExecutorService executor) {
        ManagedScheduler scheduler = new ManagedScheduler();
        scheduler.delegate = Scheduler.of(executor);
        return scheduler;
    }

    @PreDestroy
    void stop() {
        stopped = true;
        int cancelled = 0;
        for (Future<?> timer : pending) {
            if (timer.cancel(false)) {
                cancelled++;
            }
        }
        pending.clear();
        LOG.log(System.Logger.Level.DEBUG, "Cancelled {0} timers of the stopping application", cancelled);
        if (owned != null) {
            owned.shutdownNow();
            try {
                if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "Scheduler threads did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * An executor of the kind the embedded server and the fallback own: daemon threads named
     * {@code switchboard-scheduler-N}, cancelled tasks removed at once so cancelled timers hold no memory.
     *
     * @param threads the number of threads
     * @return the executor; the caller shuts it down
     */
    public static ScheduledExecutorService ownedExecutor(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return ownedExecutor(threads, task -> {
            Thread thread = new Thread(task, "switchboard-scheduler-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * An executor of the application's own on threads a factory makes (the container's managed thread factory, whose
     * threads carry the application's context): cancelled tasks removed at once, shut down with the application.
     *
     * @param threads the number of threads
     * @param factory makes them
     * @return the executor; the caller shuts it down
     */
    static ScheduledExecutorService ownedExecutor(int threads, ThreadFactory factory) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            Object bound = new InitialContext().lookup(name);
            if (type.isInstance(bound)) {
                return type.cast(bound);
            }
            LOG.log(System.Logger.Level.WARNING, "{0} is not a {1}: {2}", name, type.getSimpleName(), bound);
        } catch (NamingException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Nothing usable bound at " + name, e);
        }
        return null;
    }

    /** A tracked timer, forgotten once it has run (one-shot) or been cancelled. */
    private final class Timer implements Future<Object> {
        private volatile Future<?> inner;
        /** A one-shot that has run, possibly before {@link #track} had its future. */
        private volatile boolean finished;

        @Override
        public boolean cancel(boolean interrupt) {
            pending.remove(inner);
            return inner.cancel(interrupt);
        }

        @Override
        public boolean isCancelled() {
            return inner.isCancelled();
        }

        @Override
        public boolean isDone() {
            return inner.isDone();
        }

        @Override
        public Object get() throws InterruptedException, java.util.concurrent.ExecutionException {
            return inner.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit)
                throws InterruptedException, java.util.concurrent.ExecutionException,
                        java.util.concurrent.TimeoutException {
            return inner.get(timeout, unit);
        }

        /** Keeps the timer until it is done; one that finished before it was kept is forgotten at once. */
        Timer track(Future<?> scheduled) {
            inner = scheduled;
            pending.add(scheduled);
            if (finished || scheduled.isDone()) {
                pending.remove(scheduled);
            }
            return this;
        }

        void ran() {
            finished = true;
            Future<?> scheduled = inner;
            if (scheduled != null) {
                pending.remove(scheduled);
            }
        }
    }

    private void refuseWhenStopped() {
        if (stopped) {
            throw new RejectedExecutionException("the application is stopping; nothing more is scheduled");
        }
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        refuseWhenStopped();
        Timer timer = new Timer();
        return timer.track(delegate.schedule(
                () -> {
                    try {
                        task.run();
                    } finally {
                        timer.ran();
                    }
                },
                delay));
    }

    @Override
    public Future<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        refuseWhenStopped();
        return new Timer().track(delegate.scheduleWithFixedDelay(task, initialDelay, delay));
    }

    @Override
    public void execute(Runnable task) {
        // Runs once, soon: nothing lingers, and a stopping application still hands its last closes here.
        delegate.execute(task);
    }

    /**
     * Timers scheduled and not yet run or cancelled.
     *
     * @return the count
     */
    int pendingTimers() {
        return pending.size();
    }
}
