package dev.switchboard.ops;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Whether this node is draining: taking no new connections, asking its clients to reconnect elsewhere, and closing
 * the rest when its wait is over. One state per node, changed by an operator (admin API, JMX), by SIGTERM on the
 * embedded server and by undeploy; every part that refuses or reports reads it here.
 *
 * <p>What a drain does, from {@link #start} on:
 * <ol>
 *   <li>the admission of new WebSocket handshakes and SSE streams refuses them with 503 and {@code Retry-After}
 *       ({@link #retryAfter()}), and the readiness probe reports DOWN;</li>
 *   <li>it fires {@link DrainStarted}, on which the sgc protocol sends {@code sgc@drain} and the SSE transport a
 *       {@code drain} event to every open connection, so clients reconnect to another node;</li>
 *   <li>it watches the connections on the one {@link Scheduler}: once none is left the drain is complete; at the
 *       deadline it closes those still open with 1001 (going away), as a shutdown would. Connections already
 *       closed whose handlers are still busy do not count: nothing is left to tell or close on them.</li>
 * </ol>
 * {@link #cancel} ends it: new connections are accepted again and nothing more is closed. The node keeps refusing
 * after a complete drain until it is cancelled or stopped.
 */
@ApplicationScoped
public class Drain {

    /**
     * A snapshot of the drain.
     *
     * @param draining  whether the node is draining
     * @param since     when the drain started, when draining
     * @param deadline  when the connections still open are closed, when draining
     * @param startedBy who started it (a user name, {@code jmx}, {@code signal}, {@code undeploy}), when draining
     */
    public record Status(
            boolean draining, Optional<Instant> since, Optional<Instant> deadline, Optional<String> startedBy) {

        static final Status SERVING = new Status(false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static final System.Logger LOG = System.getLogger(Drain.class.getName());

    /** How often a drain looks at the open connections: cheap (a count), and short against any sensible wait. */
    static final Duration WATCH_PERIOD = Duration.ofMillis(100);

    /**
     * After the deadline, how long the drain keeps closing connections that still show up open before it calls itself
     * complete anyway.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /** One drain from its start to its completion or cancellation. */
    private static final class Run {
        final Status status;
        final Instant deadline;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Future<?> watch;
        volatile boolean closing;

        Run(Status status) {
            this.status = status;
            this.deadline = status.deadline().orElseThrow();
        }

        void end() {
            done.complete(null);
            Future<?> task = watch;
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    private final AtomicReference<Status> status = new AtomicReference<>(Status.SERVING);
    private final Clock clock;
    private final ConnectionRegistry registry;
    private final Scheduler scheduler;
    private final DrainSettings settings;
    private final Consumer<DrainStarted> notices;
    private final ReentrantLock runLock = new ReentrantLock();
    private Run run;

    /**
     * Creates a drain that only keeps the state: it refuses nothing itself and closes nothing, for code that reads
     * and changes the state without a hub (and for the container's client proxy).
     */
    public Drain() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a state-only drain that reads time from {@code clock}.
     *
     * @param clock the clock
     */
    Drain(Clock clock) {
        this(clock, null, null, DrainSettings.DEFAULTS, notice -> {});
    }

    /**
     * Creates the drain of the deployment.
     *
     * @param registry the open connections, which the drain watches and closes at its deadline
     * @param scheduler runs the watch
     * @param settings the drain's settings
     * @param started  the event that tells the transports and protocols to notify their clients
     */
    @Inject
    Drain(ConnectionRegistry registry, Scheduler scheduler, DrainSettings settings, Event<DrainStarted> started) {
        this(Clock.systemUTC(), registry, scheduler, settings, started::fire);
    }

    /**
     * Creates a drain with explicit parts.
     *
     * @param clock     the clock
     * @param registry  the open connections, or null for a state-only drain
     * @param scheduler runs the watch (needed with a registry)
     * @param settings  the drain's settings
     * @param notices   told once per drain, when it starts
     */
    public Drain(
            Clock clock,
            ConnectionRegistry registry,
            Scheduler scheduler,
            DrainSettings settings,
            Consumer<DrainStarted> notices) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = registry;
        this.scheduler = registry == null ? null : Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /**
     * Whether the node is draining.
     *
     * @return true from {@link #start} until {@link #cancel}
     */
    public boolean draining() {
        return status.get().draining();
    }

    /**
     * The drain's state now.
     *
     * @return the snapshot
     */
    public Status status() {
        return status.get();
    }

    /**
     * The delay refused clients are told to wait ({@code Retry-After}), {@code switchboard.drain.retry-after}.
     *
     * @return the delay
     */
    public Duration retryAfter() {
        return settings.retryAfter();
    }

    /**
     * The drain's settings.
     *
     * @return the settings
     */
    public DrainSettings settings() {
        return settings;
    }

    /**
     * Starts draining, unless the node already is.
     *
     * @param wait  how long clients get to go before the rest are closed
     * @param actor who asks, for the log
     * @return the new state, or empty when the node was already draining (the earlier drain goes on unchanged)
     */
    public Optional<Status> start(Duration wait, String actor) {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(actor, "actor");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("The drain wait is negative: " + wait);
        }
        Instant now = clock.instant();
        Status started = new Status(true, Optional.of(now), Optional.of(now.plus(wait)), Optional.of(actor));
        if (!status.compareAndSet(Status.SERVING, started)) {
            return Optional.empty();
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Draining, started by {0}: new connections are refused, open ones close within {1} s",
                LogSafe.of(actor),
                wait.toSeconds());
        if (registry != null) {
            begin(started);
        }
        return Optional.of(started);
    }

    /**
     * Ends a drain: the node takes new connections again. Connections already closed stay closed.
     *
     * @param actor who asks, for the log
     * @return true when the node was draining
     */
    public boolean cancel(String actor) {
        Status current = status.get();
        if (!current.draining() || !status.compareAndSet(current, Status.SERVING)) {
            return false;
        }
        Run cancelled;
        runLock.lock();
        try {
            cancelled = run;
            run = null;
        } finally {
            runLock.unlock();
        }
        if (cancelled != null) {
            cancelled.end();
        }
        LOG.log(System.Logger.Level.INFO, "Drain cancelled by {0}: taking new connections again", LogSafe.of(actor));
        return true;
    }

    /**
     * Waits until the current drain is complete (no connection left), cancelled, or {@code max} has passed.
     *
     * @param max the longest wait
     * @return true when no drain is running or it completed or was cancelled in time
     */
    public boolean awaitDrained(Duration max) {
        Run current;
        runLock.lock();
        try {
            current = run;
        } finally {
            runLock.unlock();
        }
        if (current == null) {
            return !draining() || openConnections() == 0;
        }
        try {
            current.done.get(Math.max(0, max.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("A drain ended in error", e);
        }
    }

    /**
     * Drains before a stop: starts a drain with {@code wait} (or joins the one running, whose deadline stands) and
     * waits for it, at most {@code wait} and a second for the closes at its deadline to be reported. For the
     * shutdown paths (undeploy, SIGTERM), which stop the node after it anyway.
     *
     * @param wait  how long clients get to go
     * @param actor who asks, for the log
     * @return true when every connection was gone in time
     */
    public boolean drainAndAwait(Duration wait, String actor) {
        start(wait, actor);
        return awaitDrained(wait.plusSeconds(1));
    }

    /**
     * The connections still open: closed ones whose handler has not yet finished are not counted, because nothing
     * is left to tell or to close on them.
     *
     * @return the count; 0 for a state-only drain
     */
    public int openConnections() {
        return registry == null ? 0 : registry.openCount();
    }

    private void begin(Status started) {
        Run next = new Run(started);
        runLock.lock();
        try {
            run = next;
        } finally {
            runLock.unlock();
        }
        try {
            notices.accept(new DrainStarted(
                    settings.retryAfter(), next.deadline, started.startedBy().orElseThrow()));
        } catch (RuntimeException e) {
            // A client not told still leaves: its connection is closed at the deadline.
            LOG.log(System.Logger.Level.WARNING, "Telling the clients of the drain failed", e);
        }
        next.watch = scheduler.scheduleWithFixedDelay(() -> watch(next), Duration.ZERO, WATCH_PERIOD);
        if (next.done.isDone()) {
            // Completed (or cancelled) before the handle was stored: the run did not see it to cancel it.
            next.watch.cancel(false);
        }
    }

    /** One look at the connections; runs on the scheduler, never twice at once for one run. */
    private void watch(Run current) {
        if (current.done.isDone()) {
            current.end();
            return;
        }
        if (status.get() != current.status) {
            current.end();
            return;
        }
        int open = openConnections();
        if (open == 0) {
            LOG.log(System.Logger.Level.INFO, "Drain complete: no connection left");
            current.end();
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(current.deadline)) {
            return;
        }
        if (!current.closing) {
            current.closing = true;
            LOG.log(
                    System.Logger.Level.INFO,
                    "Drain wait over: closing {0} connection(s) still open with 1001 (going away)",
                    open);
        } else if (now.isAfter(current.deadline.plus(CLOSE_GRACE))) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Drain ends with {0} connection(s) still open {1} s after its deadline",
                    open,
                    CLOSE_GRACE.toSeconds());
            current.end();
            return;
        }
        // Every look after the deadline, not once: a handshake admitted just before the drain began may register
        // its connection only now.
        registry.closeAll(CloseCodes.GOING_AWAY, "server draining");
    }
}
