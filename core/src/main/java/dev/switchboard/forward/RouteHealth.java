package dev.switchboard.forward;

import java.util.List;
import java.util.Objects;

/**
 * A forwarding route and the health of its upstreams at one moment, as operators see it (the admin API). Read-only:
 * the forwarding filter keeps the state, active health checks and failed exchanges change it.
 *
 * @param route     the route
 * @param upstreams each upstream in the route's order
 */
public record RouteHealth(Route route, List<UpstreamHealth> upstreams) {

    /**
     * One upstream's state.
     *
     * @param url      the upstream's base URI as configured
     * @param healthy  whether it takes requests (false while health checks or failed exchanges keep it out)
     * @param inFlight exchanges with it in progress now
     */
    public record UpstreamHealth(String url, boolean healthy, int inFlight) {

        /** Validates. */
        public UpstreamHealth {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Validates and copies. */
    public RouteHealth {
        Objects.requireNonNull(route, "route");
        upstreams = List.copyOf(upstreams);
    }
}
