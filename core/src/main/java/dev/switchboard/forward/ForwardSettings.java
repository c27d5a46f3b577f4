package dev.switchboard.forward;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Forwarding configuration, read once when the filter starts.
 *
 * @param routes         the routes in matching order (patterns in declaration order, then prefixes, longest
 *                       first); empty turns forwarding off
 * @param connectTimeout time allowed to open a connection to an upstream
 * @param timeout        default per-route timeout (request sent and response head received)
 */
public record ForwardSettings(List<Route> routes, Duration connectTimeout, Duration timeout) {

    /** Copies the list. */
    public ForwardSettings {
        routes = List.copyOf(routes);
    }

    /**
     * Reads {@link ConfigKeys#FORWARD_ROUTES}, {@link ConfigKeys#FORWARD_ROUTES_FILE},
     * {@link ConfigKeys#FORWARD_TIMEOUT} and {@link ConfigKeys#FORWARD_CONNECT_TIMEOUT}. Routes of the key come
     * before those of the file in declaration order.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException when a route or value does not parse, the routes file cannot be read, a
     *                                  route is defined twice, or a route's {@code host=} policy cannot be honoured
     *                                  by this JVM
     */
    public static ForwardSettings read(ConfigReader config) {
        Duration timeout = RouteParser.duration(config.getString(ConfigKeys.FORWARD_TIMEOUT, "30"));
        Duration connect = RouteParser.duration(config.getString(ConfigKeys.FORWARD_CONNECT_TIMEOUT, "5"));
        List<Route> routes =
                new ArrayList<>(RouteParser.parseKey(config.getString(ConfigKeys.FORWARD_ROUTES, ""), timeout));
        Optional<String> file = config.get(ConfigKeys.FORWARD_ROUTES_FILE);
        if (file.isPresent()) {
            String text;
            try {
                text = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        ConfigKeys.FORWARD_ROUTES_FILE + ": cannot read " + file.get() + ": " + e, e);
            }
            routes.addAll(RouteParser.parseFile(text, file.get(), timeout));
        }
        List<Route> ordered;
        try {
            ordered = Route.ordered(routes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (" + ConfigKeys.FORWARD_ROUTES
                            + file.map(f -> " and " + f).orElse("") + " together)",
                    e);
        }
        requireHostHeaderSupport(ordered, hostHeaderAllowed());
        return new ForwardSettings(ordered, connect, timeout);
    }

    /**
     * Refuses routes that ask for {@code host=preserve} or a fixed host when the JDK HTTP client may not send a
     * {@code Host} header: it refuses unless the system property {@value Route#ALLOW_RESTRICTED_HEADERS}
     * includes {@code host}, and it reads that property once, when it is first used.
     *
     * @param routes  the routes
     * @param allowed whether this JVM's HTTP client accepts a {@code Host} header
     * @throws IllegalArgumentException naming every such route and the JVM option to add
     */
    static void requireHostHeaderSupport(List<Route> routes, boolean allowed) {
        List<String> needing = routes.stream()
                .filter(r -> r.hostPolicy() != Route.HostPolicy.UPSTREAM)
                .map(r -> "'" + r.name() + "' (host=" + r.fixedHost().orElse("preserve") + ")")
                .toList();
        if (!allowed && !needing.isEmpty()) {
            throw new IllegalArgumentException("forwarding route(s) " + String.join(", ", needing)
                    + " need the JDK HTTP client to send a Host header, which it refuses in this JVM: start the JVM"
                    + " with -D" + Route.ALLOW_RESTRICTED_HEADERS + "=host (the JDK reads the property once, before"
                    + " its first HTTP request; the embedded server sets it unless it is set already), or use"
                    + " host=upstream");
        }
    }

    /**
     * Whether the JDK HTTP client of this JVM accepts a {@code Host} request header. Asking the client itself is
     * the only reliable test: the property may have been set after the client read it.
     *
     * @return true when {@code Host} may be set
     */
    static boolean hostHeaderAllowed() {
        try {
            HttpRequest.newBuilder().header("Host", "probe.invalid");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
