package dev.switchboard.forward;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/**
 * Forwarding configuration, read once when the filter starts.
 *
 * @param routes         the routes, longest prefix first; empty turns forwarding off
 * @param connectTimeout time allowed to open a connection to an upstream
 * @param timeout        default per-route timeout (request sent and response head received)
 */
public record ForwardSettings(List<Route> routes, Duration connectTimeout, Duration timeout) {

    /** Copies the list. */
    public ForwardSettings {
        routes = List.copyOf(routes);
    }

    /**
     * Reads {@link ConfigKeys#FORWARD_ROUTES}, {@link ConfigKeys#FORWARD_TIMEOUT} and
     * {@link ConfigKeys#FORWARD_CONNECT_TIMEOUT}.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException when a route or value does not parse
     */
    public static ForwardSettings read(ConfigReader config) {
        Duration timeout = Route.duration(config.getString(ConfigKeys.FORWARD_TIMEOUT, "30"));
        Duration connect = Route.duration(config.getString(ConfigKeys.FORWARD_CONNECT_TIMEOUT, "5"));
        List<Route> routes = Route.parse(config.getString(ConfigKeys.FORWARD_ROUTES, ""), timeout);
        return new ForwardSettings(routes, connect, timeout);
    }
}
