package dev.switchboard.embedded;

import dev.switchboard.schedule.ManagedScheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The one scheduled executor of the embedded server, what an application server's default
 * {@code ManagedScheduledExecutorService} is to a deployment: every timed task of Switchboard runs on it, through
 * core's {@link ManagedScheduler}, which finds it in JNDI ({@link EmbeddedNaming} binds it).
 *
 * <p>It starts before the CDI container and stops after it, so the beans' own clean-up can still cancel or hand
 * over work; its threads are gone when the server's stop returns.
 */
final class SharedScheduler extends AbstractLifeCycle {

    private static final System.Logger LOG = System.getLogger(SharedScheduler.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final int threads;
    private volatile ScheduledExecutorService executor;

    SharedScheduler(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("The scheduler needs at least one thread: " + threads);
        }
        this.threads = threads;
    }

    @Override
    protected void doStart() {
        executor = ManagedScheduler.ownedExecutor(threads);
    }

    @Override
    protected void doStop() throws InterruptedException {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        if (!running.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Scheduled tasks still running {0} ms after the stop; their threads are left to finish",
                    STOP_TIMEOUT.toMillis());
        }
    }

    /**
     * The running executor.
     *
     * @return the executor
     * @throws IllegalStateException when the scheduler is not running
     */
    ScheduledExecutorService executor() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            throw new IllegalStateException("The scheduler is not running");
        }
        return running;
    }
}
