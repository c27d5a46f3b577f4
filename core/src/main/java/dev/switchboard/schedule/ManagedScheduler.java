package dev.switchboard.schedule;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The application's {@link Scheduler}: the executor bound at {@code switchboard.scheduler.jndi-name} (by default
 * the container's {@code java:comp/DefaultManagedScheduledExecutorService}; the embedded server binds its own
 * there), or, where no container provides one, an executor of its own that is shut down with the application.
 */
@ApplicationScoped
public class ManagedScheduler implements Scheduler {

    private static final System.Logger LOG = System.getLogger(ManagedScheduler.class.getName());

    /** The JNDI name Jakarta Concurrency gives the default managed scheduled executor. */
    public static final String DEFAULT_JNDI_NAME = "java:comp/DefaultManagedScheduledExecutorService";

    /** Threads of the fallback executor when none is configured. */
    public static final int DEFAULT_THREADS = 4;

    @Inject
    ConfigReader config;

    private ScheduledExecutorService owned;
    private Scheduler delegate;

    @PostConstruct
    void start() {
        String name = config.get(ConfigKeys.SCHEDULER_JNDI_NAME).orElse(DEFAULT_JNDI_NAME);
        ScheduledExecutorService found = lookup(name);
        if (found != null) {
            LOG.log(System.Logger.Level.DEBUG, "Scheduling on {0}", name);
            delegate = Scheduler.of(found);
            return;
        }
        int threads = config.getInt(ConfigKeys.SCHEDULER_THREADS, DEFAULT_THREADS);
        LOG.log(
                System.Logger.Level.INFO,
                "No managed scheduled executor at {0}; Switchboard runs its own with {1} threads",
                name,
                threads);
        owned = ownedExecutor(threads);
        delegate = Scheduler.of(owned);
    }

    @PreDestroy
    void stop() {
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
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "switchboard-scheduler-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static ScheduledExecutorService lookup(String name) {
        try {
            Object bound = new InitialContext().lookup(name);
            if (bound instanceof ScheduledExecutorService executor) {
                return executor;
            }
            LOG.log(System.Logger.Level.WARNING, "{0} is not a scheduled executor: {1}", name, bound);
        } catch (NamingException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "No scheduled executor at " + name, e);
        }
        return null;
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        return delegate.schedule(task, delay);
    }

    @Override
    public Future<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        return delegate.scheduleWithFixedDelay(task, initialDelay, delay);
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(task);
    }
}
