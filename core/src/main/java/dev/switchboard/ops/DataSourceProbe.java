package dev.switchboard.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Whether one DataSource answers, for the readiness probe: a connection from it must pass
 * {@link Connection#isValid} within {@link #TIMEOUT}. The answer is kept for {@link #CACHE}, so probes, however
 * frequent, reach the database at most once a second; at most one check runs at a time.
 *
 * <p>The check runs on a virtual thread of its own, because {@code getConnection} has no timeout of its own (a pool
 * may wait for a free connection, a driver for an unreachable host); the probe waits for it at most
 * {@link #TIMEOUT} and reports DOWN when it has not answered.
 */
final class DataSourceProbe {

    /** How long an answer is reused. */
    static final Duration CACHE = Duration.ofSeconds(1);
    /** How long a check may take before the DataSource counts as down. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** One answer. */
    record Result(boolean valid, String detail, Instant checkedAt) {}

    private final String name;
    private final DataSource dataSource;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Result last;
    private CompletableFuture<Result> running;

    DataSourceProbe(String name, DataSource dataSource, Clock clock) {
        this.name = name;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The answer, from the cache when it is recent enough. */
    Result check() {
        CompletableFuture<Result> pending;
        lock.lock();
        try {
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.checkedAt().plus(CACHE))) {
                return last;
            }
            if (running == null || running.isDone()) {
                // A check still running from an earlier probe is waited for again rather than started twice, so a
                // database that does not answer holds at most one thread.
                CompletableFuture<Result> started = new CompletableFuture<>();
                running = started;
                Thread.ofVirtual().name("switchboard-health-" + name).start(() -> started.complete(probe()));
            }
            pending = running;
        } finally {
            lock.unlock();
        }
        Result result;
        try {
            result = pending.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result = new Result(false, "no answer within " + TIMEOUT.toMillis() + " ms", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Result(false, "interrupted", clock.instant());
        } catch (ExecutionException e) {
            result = new Result(false, String.valueOf(e.getCause()), clock.instant());
        }
        lock.lock();
        try {
            if (pending.isDone() && running == pending) {
                running = null;
            }
            last = result;
        } finally {
            lock.unlock();
        }
        return result;
    }

    private Result probe() {
        int seconds = (int) Math.max(1, TIMEOUT.toSeconds());
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(seconds);
            return new Result(valid, valid ? "valid" : "connection not valid", clock.instant());
        } catch (SQLException | RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
        }
    }
}
