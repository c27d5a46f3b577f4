package dev.switchboard.hub;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.log.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends connections whose identity expires: {@code switchboard.auth.refresh-warning} before the expiry the
 * connection's handler is told (so the client can refresh its credential), and at the expiry a connection still
 * holding the expired identity is closed with {@link CloseCodes#UNAUTHORIZED}. A refresh reschedules both.
 *
 * <p>One timer per hub, started with the first expiring connection; two tasks per expiring connection;
 * connections without an expiry cost nothing.
 */
public final class IdentityExpiry {

    private static final System.Logger LOG = System.getLogger(IdentityExpiry.class.getName());

    /** Close reason sent with {@link CloseCodes#UNAUTHORIZED} when an identity expires. */
    public static final String EXPIRED_REASON = "Credentials expired";

    private final Map<String, ScheduledFuture<?>[]> scheduled = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final Duration warning;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private ScheduledExecutorService timer;
    private boolean stopped;

    /**
     * Creates the watch.
     *
     * @param warning how long before an expiry the handler is told
     */
    public IdentityExpiry(Duration warning) {
        if (warning.isNegative()) {
            throw new IllegalArgumentException(
                    ConfigKeys.AUTH_REFRESH_WARNING + " must be 0 or more seconds: " + warning.toSeconds());
        }
        this.warning = warning;
    }

    /**
     * Creates the watch with {@code switchboard.auth.refresh-warning} from the standard configuration.
     *
     * @return the watch
     */
    public static IdentityExpiry fromConfiguration() {
        return new IdentityExpiry(
                Duration.ofSeconds(ConfigReader.standard().getLong(ConfigKeys.AUTH_REFRESH_WARNING, 60)));
    }

    /** Cancels everything scheduled and stops the timer. */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            if (timer != null) {
                timer.shutdownNow();
            }
        } finally {
            lock.unlock();
        }
    }

    private ScheduledExecutorService timer() {
        lock.lock();
        try {
            if (timer == null && !stopped) {
                timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .daemon()
                        .name("switchboard-identity-expiry")
                        .factory());
            }
            return stopped ? null : timer;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Schedules the warning and the close for a connection's current identity, replacing what was scheduled.
     *
     * @param connection the connection
     */
    public void watch(BaseConnection connection) {
        forget(connection);
        Identity identity = connection.identity().orElse(null);
        if (identity == null || identity.expiresAt().isEmpty()) {
            return;
        }
        ScheduledExecutorService timer = timer();
        if (timer == null) {
            return;
        }
        Instant expiresAt = identity.expiresAt().get();
        long untilExpiry =
                Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        long untilWarning = Math.max(0, untilExpiry - warning.toMillis());
        ScheduledFuture<?> warn = timer.schedule(() -> warn(connection, identity), untilWarning, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> end = timer.schedule(() -> expire(connection, identity), untilExpiry, TimeUnit.MILLISECONDS);
        scheduled.put(connection.id(), new ScheduledFuture<?>[] {warn, end});
    }

    /**
     * Cancels what was scheduled for a connection; called when it closes.
     *
     * @param connection the connection
     */
    public void forget(BaseConnection connection) {
        ScheduledFuture<?>[] tasks = scheduled.remove(connection.id());
        if (tasks != null) {
            for (ScheduledFuture<?> task : tasks) {
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

    private void warn(BaseConnection connection, Identity identity) {
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
                    "Handler " + connection.handler().getClass().getName() + " failed in onIdentityExpiring",
                    e);
        }
    }

    private void expire(BaseConnection connection, Identity identity) {
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
