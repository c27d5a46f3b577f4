package dev.switchboard.forward.internal;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tries the upstreams of a pool one after another until one takes the exchange: the pool chooses (the sticky one
 * first while it is in rotation), each upstream is tried at most once, and an attempt that reached no upstream
 * at all hands the exchange on to the next.
 */
public final class Failover {

    /** One try of an exchange with one upstream. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Tries the upstream and answers the client, unless it could not be reached at all.
         *
         * @param upstream the upstream to try
         * @return null when the client has its answer; the failure when nothing reached the upstream, so another
         *         may take the exchange
         * @throws IOException      when answering the client fails
         * @throws ServletException when the exchange cannot go on
         */
        Throwable tryWith(Upstream upstream) throws IOException, ServletException;
    }

    /**
     * Every upstream was tried, or none was in rotation.
     *
     * @param last        the upstream tried last, or null when none was in rotation
     * @param lastFailure why it could not be reached, or null when none was in rotation
     */
    public record Exhausted(Upstream last, Throwable lastFailure) {}

    private Failover() {}

    /**
     * Runs attempts until one answers the client or no upstream is left.
     *
     * @param pool    the route's upstreams
     * @param sticky  the upstream id the client's sticky cookie names, or null
     * @param attempt one try
     * @return empty when the client has its answer; otherwise what is left to answer with
     * @throws IOException      when an attempt does
     * @throws ServletException when an attempt does
     */
    public static Optional<Exhausted> run(UpstreamPool pool, String sticky, Attempt attempt)
            throws IOException, ServletException {
        Set<Upstream> tried = new HashSet<>();
        Upstream last = null;
        Throwable lastFailure = null;
        while (true) {
            Optional<Upstream> chosen = pool.choose(sticky, tried);
            if (chosen.isEmpty()) {
                return Optional.of(new Exhausted(last, lastFailure));
            }
            Upstream upstream = chosen.get();
            tried.add(upstream);
            Throwable unreached = attempt.tryWith(upstream);
            if (unreached == null) {
                return Optional.empty();
            }
            last = upstream;
            lastFailure = unreached;
        }
    }
}
