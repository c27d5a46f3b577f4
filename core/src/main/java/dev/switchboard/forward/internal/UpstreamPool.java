package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import dev.switchboard.log.LogSafe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The upstreams of one route and the balancing choice among those in rotation. Thread-safe. */
public final class UpstreamPool {

    private static final System.Logger LOG = System.getLogger(UpstreamPool.class.getName());

    private final Route route;
    private final List<Upstream> upstreams;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Creates the pool of a route, every upstream healthy.
     *
     * @param route the route
     */
    public UpstreamPool(Route route) {
        this.route = route;
        this.upstreams = route.upstreams().stream().map(Upstream::new).toList();
    }

    /** @return the route */
    public Route route() {
        return route;
    }

    /** @return every upstream, in configuration order */
    public List<Upstream> upstreams() {
        return upstreams;
    }

    /**
     * Picks the upstream for a request.
     *
     * @param stickyId the id from the client's sticky cookie, or null
     * @param exclude  upstreams already tried for this request
     * @return the upstream, or empty when none is available
     */
    public Optional<Upstream> choose(String stickyId, Set<Upstream> exclude) {
        long now = System.nanoTime();
        boolean active = route.healthPath().isPresent();
        List<Upstream> candidates = new ArrayList<>(upstreams.size());
        for (Upstream upstream : upstreams) {
            if (!exclude.contains(upstream) && upstream.available(active, now)) {
                candidates.add(upstream);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (stickyId != null) {
            for (Upstream candidate : candidates) {
                if (candidate.id().equals(stickyId)) {
                    return Optional.of(candidate);
                }
            }
        }
        int turn = Math.floorMod(next.getAndIncrement(), candidates.size());
        if (route.balance() == Route.Balance.ROUND_ROBIN) {
            return Optional.of(candidates.get(turn));
        }
        // Least connections; the rotation start breaks ties so equal upstreams still share the load.
        List<Upstream> rotated = new ArrayList<>(candidates.subList(turn, candidates.size()));
        rotated.addAll(candidates.subList(0, turn));
        return rotated.stream().min(Comparator.comparingInt(Upstream::inFlight));
    }

    /**
     * Records a failed exchange (passive detection).
     *
     * @param upstream the upstream
     * @param cause    what went wrong, for the log
     */
    public void failed(Upstream upstream, Throwable cause) {
        if (upstream.exchangeFailed(
                route.passiveFailures(), route.passiveCooldown().toNanos())) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Forwarding route {0}: upstream {1} taken out of rotation after" + " {2} failed exchange(s): {3}",
                    route.name(),
                    upstream,
                    route.passiveFailures(),
                    LogSafe.of(cause));
        }
    }

    /**
     * Records a successful exchange.
     *
     * @param upstream the upstream
     */
    public void succeeded(Upstream upstream) {
        if (upstream.exchangeSucceeded()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Forwarding route {0}: upstream {1} is back in rotation",
                    route.name(),
                    upstream);
        }
    }
}
