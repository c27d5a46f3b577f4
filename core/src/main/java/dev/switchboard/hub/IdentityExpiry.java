package dev.switchboard.hub;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Ends connections whose identity expires: {@code switchboard.auth.refresh-warning} before the expiry the
 * connection's handler is told (so the client can refresh its credential), and at the expiry a connection still
 * holding the expired identity is closed with {@link CloseCodes#UNAUTHORIZED}. A refresh reschedules both.
 *
 * <p>Two tasks on the {@link Scheduler} per expiring connection; connections without an expiry cost nothing.
 */
public final class IdentityExpiry {

    private static final System.Logger LOG = System.getLogger(IdentityExpiry.class.getName());

    /** Close reason sent with {@link CloseCodes#UNAUTHORIZED} when an identity expires. */
    public static final String EXPIRED_REASON = "Credentials expired";

    /** Default of {@code switchboard.auth.refresh-warning}. */
    public static final Duration DEFAULT_WARNING = Duration.ofSeconds(60);

    private final Map<String, Future<?>[]> scheduled = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final Duration warning;
    private final Scheduler scheduler;
    private volatile boolean stopped;

    /**
     * Creates the watch.
     *
     * @param warning   how long before an expiry the handler is told
     * @param scheduler where the warnings and closes run
     */
    public IdentityExpiry(Duration warning, Scheduler scheduler) {
        if (warning.isNegative()) {
            throw new IllegalArgumentException(
                    ConfigKeys.AUTH_REFRESH_WARNING + " must be 0 or more seconds: " + warning.toSeconds());
        }
        this.warning = warning;
        this.scheduler = scheduler;
    }

    /** Cancels everything scheduled; later watches schedule nothing. */
    public void stop() {
        stopped = true;
        for (String id : scheduled.keySet()) {
            cancel(scheduled.remove(id));
        }
    }

    /**
     * Schedules the warning and the close for a connection's current identity, replacing what was scheduled.
     *
     * @param connection the connection
     */
    public void watch(HubConnection connection) {
        forget(connection);
        Identity identity = connection.identity().orElse(null);
        if (identity == null || identity.expiresAt().isEmpty() || stopped) {
            return;
        }
        Instant expiresAt = identity.expiresAt().get();
        Duration untilExpiry = Duration.between(clock.instant(), expiresAt);
        if (untilExpiry.isNegative()) {
            untilExpiry = Duration.ZERO;
        }
        Duration untilWarning = untilExpiry.minus(warning);
        if (untilWarning.isNegative()) {
            untilWarning = Duration.ZERO;
        }
        Future<?> warn = scheduler.schedule(() -> warn(connection, identity), untilWarning);
        Future<?> end = scheduler.schedule(() -> expire(connection, identity), untilExpiry);
        scheduled.put(connection.id(), new Future<?>[] {warn, end});
    }

    /**
     * Cancels what was scheduled for a connection; called when it closes.
     *
     * @param connection the connection
     */
    public void forget(HubConnection connection) {
        cancel(scheduled.remove(connection.id()));
    }

    private static void cancel(Future<?>[] tasks) {
        if (tasks != null) {
            for (Future<?> task : tasks) {
                task.cancel(false);
            }
        }
    }

    /**
     * The number of connections with an expiry scheduled, for tests and diagnostics.
     *
     * @return the count
     */
    public int watched() {
        return scheduled.size();
    }

    private void warn(HubConnection connection, Identity identity) {
        // A refresh that raced with this task replaced the identity: the new schedule covers it.
        if (!connection.isOpen() || connection.identity().orElse(null) != identity) {
            return;
        }
        try {
            connection
                    .handler()
                    .onIdentityExpiring(connection, identity.expiresAt().orElseThrow());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Handler " + connection.handler().getClass().getName()
                            + " failed in onIdentityExpiring on connection " + connection.id(),
                    e);
        }
    }

    private void expire(HubConnection connection, Identity identity) {
        if (connection.identity().orElse(null) != identity) {
            return;
        }
        scheduled.remove(connection.id());
        if (connection.isOpen()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Closing connection {0} of {1}: its {2} credential expired",
                    connection.id(),
                    LogSafe.of(identity.name()),
                    identity.method());
            connection.close(CloseCodes.UNAUTHORIZED, EXPIRED_REASON);
        }
    }
}
