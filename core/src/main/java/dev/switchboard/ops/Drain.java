package dev.switchboard.ops;

import dev.switchboard.log.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node is draining: taking no new connections, asking its clients to reconnect elsewhere, and closing
 * the rest when its wait is over. One state per node, changed by an operator (admin API, JMX), by SIGTERM on the
 * embedded server and by undeploy; every part that refuses or reports reads it here.
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

    private final AtomicReference<Status> status = new AtomicReference<>(Status.SERVING);
    private final Clock clock;

    /** Creates the drain of this node, serving. */
    public Drain() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a drain that reads time from {@code clock}.
     *
     * @param clock the clock
     */
    Drain(Clock clock) {
        this.clock = clock;
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
        LOG.log(System.Logger.Level.INFO, "Drain cancelled by {0}: taking new connections again", LogSafe.of(actor));
        return true;
    }
}
