package dev.switchboard.forward.internal;

import java.net.URI;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upstream of a route and its health: taken out of rotation by failed exchanges (passive) or failed
 * checks (active), brought back by good checks, or, without active checks, by one trial exchange after a
 * cooldown. Thread-safe.
 */
public final class Upstream {

    private final URI base;
    private final String id;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean healthy = true;
    private volatile long downUntilNanos;
    private int failures;
    private int checkFailures;
    private int checkSuccesses;

    /**
     * Creates a healthy upstream.
     *
     * @param base the base URI from the route
     */
    public Upstream(URI base) {
        this.base = base;
        // Stable across restarts and nodes, so a sticky cookie survives both.
        this.id = HexFormat.of().toHexDigits(base.toString().hashCode());
    }

    /** @return the base URI */
    public URI base() {
        return base;
    }

    /** @return the short stable id used in sticky cookies */
    public String id() {
        return id;
    }

    /** @return exchanges and relays in flight */
    public int inFlight() {
        return inFlight.get();
    }

    /** An exchange or relay starts. */
    public void acquire() {
        inFlight.incrementAndGet();
    }

    /** An exchange or relay ends. */
    public void release() {
        inFlight.decrementAndGet();
    }

    /** @return whether the upstream is in rotation (health only, ignoring a passed cooldown) */
    public boolean healthy() {
        return healthy;
    }

    /**
     * Whether a request may be sent now.
     *
     * @param activeChecks whether active checks decide when it comes back
     * @param now          {@link System#nanoTime()}
     * @return true when healthy, or when the passive cooldown has passed and no active check runs
     */
    public boolean available(boolean activeChecks, long now) {
        return healthy || (!activeChecks && now - downUntilNanos >= 0);
    }

    /**
     * An exchange could not reach the upstream (refused, reset, timed out).
     *
     * @param threshold      consecutive failures that take it out
     * @param cooldownNanos  how long it stays out when no active check brings it back
     * @return true when this failure took it out of rotation
     */
    public boolean exchangeFailed(int threshold, long cooldownNanos) {
        lock.lock();
        try {
            failures++;
            if (failures >= threshold) {
                downUntilNanos = System.nanoTime() + cooldownNanos;
                boolean wasHealthy = healthy;
                healthy = false;
                checkSuccesses = 0;
                return wasHealthy;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An exchange got a response.
     *
     * @return true when this brought it back into rotation
     */
    public boolean exchangeSucceeded() {
        lock.lock();
        try {
            failures = 0;
            boolean wasHealthy = healthy;
            healthy = true;
            return !wasHealthy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The result of one active health check.
     *
     * @param ok             whether the check passed
     * @param healthyAfter   consecutive passes that bring it back
     * @param unhealthyAfter consecutive failures that take it out
     * @return true when the upstream's health changed
     */
    public boolean checked(boolean ok, int healthyAfter, int unhealthyAfter) {
        lock.lock();
        try {
            boolean was = healthy;
            if (ok) {
                checkFailures = 0;
                checkSuccesses++;
                if (!healthy && checkSuccesses >= healthyAfter) {
                    healthy = true;
                    failures = 0;
                }
            } else {
                checkSuccesses = 0;
                checkFailures++;
                if (healthy && checkFailures >= unhealthyAfter) {
                    healthy = false;
                }
            }
            return was != healthy;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
