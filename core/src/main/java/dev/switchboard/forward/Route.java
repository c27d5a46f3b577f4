package dev.switchboard.forward;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One forwarding route: a path prefix, the upstreams behind it and its options.
 *
 * <p>Textual form (one entry of {@code switchboard.forward.routes}, entries separated by {@code ;}):
 * <pre>
 * route    = prefix "=" upstream *( "," upstream ) *( WSP option )
 * prefix   = "/" path        ; "/legacy/" and "/legacy" are the same route
 * upstream = http:// | https:// | ws:// | wss:// base URL, or tcp://host:port (WebSocket-to-TCP bridge)
 * option   = name "=" value  ; see {@link #parse(String, Duration)}
 * </pre>
 * A request matches when its path (without the context path) equals the prefix or continues it after a
 * {@code /}; the longest matching prefix wins. The upstream path is the upstream's base path followed by the
 * rest of the request path (or the whole path with {@code strip=false}); the query string is passed unchanged.
 *
 * @param prefix            the path prefix without a trailing slash ({@code ""} for the root)
 * @param upstreams         the upstream base URIs, at least one, all {@code tcp} or none
 * @param strip             whether the prefix is removed from the upstream path
 * @param timeout           time allowed for sending the request and receiving the response head (or the
 *                          WebSocket handshake)
 * @param rewriteRedirects  whether a {@code Location} pointing at an upstream is rewritten to the public origin
 * @param balance           how a request picks an upstream
 * @param healthPath        path of the active health check, or empty for none
 * @param healthInterval    time between active health checks
 * @param healthyAfter      consecutive good checks that bring an upstream back
 * @param unhealthyAfter    consecutive failed checks that take an upstream out
 * @param passiveFailures   consecutive failed exchanges that take an upstream out
 * @param passiveCooldown   without active checks: time an upstream stays out after passive failures before one
 *                          trial request is sent to it again
 * @param stickyCookie      name of the cookie that pins a client to an upstream, or empty for none
 * @param authRequired      whether the request must carry an authenticated principal (else 401)
 */
public record Route(String prefix, List<URI> upstreams, boolean strip, Duration timeout, boolean rewriteRedirects,
                    Balance balance, Optional<String> healthPath, Duration healthInterval, int healthyAfter,
                    int unhealthyAfter, int passiveFailures, Duration passiveCooldown,
                    Optional<String> stickyCookie, boolean authRequired) {

    /** How a request picks among healthy upstreams. */
    public enum Balance {
        /** Each in turn. */
        ROUND_ROBIN,
        /** The one with the fewest exchanges in flight (WebSocket relays count while open); ties in turn. */
        LEAST_CONNECTIONS
    }

    /** Validates the components. */
    public Route {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("route " + prefix + " has no upstream");
        }
        long tcp = upstreams.stream().filter(Route::isTcp).count();
        if (tcp != 0 && tcp != upstreams.size()) {
            throw new IllegalArgumentException("route " + prefix + " mixes tcp:// with other upstreams");
        }
    }

    /**
     * Whether this route bridges WebSocket connections to TCP.
     *
     * @return true for {@code tcp://} upstreams
     */
    public boolean isTcpBridge() {
        return isTcp(upstreams.getFirst());
    }

    /**
     * The rest of a path after this route's prefix, if the path matches.
     *
     * @param path a request path without the context path, not decoded
     * @return the remainder ({@code ""} or starting with {@code /}), or empty when the route does not match
     */
    public Optional<String> remainder(String path) {
        if (prefix.isEmpty()) {
            return Optional.of(path);
        }
        if (path.equals(prefix)) {
            return Optional.of("");
        }
        if (path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
            return Optional.of(path.substring(prefix.length()));
        }
        return Optional.empty();
    }

    /**
     * Parses the value of {@code switchboard.forward.routes}.
     *
     * <p>Options: {@code strip=true|false} (default true), {@code timeout=DURATION} (default the global timeout),
     * {@code redirects=pass|rewrite} (default pass), {@code balance=round-robin|least-connections} (default
     * round-robin), {@code health=/path} (active checks off unless set), {@code health-interval=DURATION}
     * (default 10s), {@code healthy-after=N} (default 2), {@code unhealthy-after=N} (default 3),
     * {@code passive-failures=N} (default 3), {@code passive-cooldown=DURATION} (default 30s),
     * {@code sticky=COOKIE} and {@code auth=required|none} (default none). A duration is a number with
     * {@code ms}, {@code s} or {@code m}, or a plain number of seconds.
     *
     * @param value          the routes, separated by {@code ;}
     * @param defaultTimeout the timeout of routes without {@code timeout=}
     * @return the routes, longest prefix first
     * @throws IllegalArgumentException naming the route and the problem
     */
    public static List<Route> parse(String value, Duration defaultTimeout) {
        List<Route> routes = new ArrayList<>();
        for (String entry : value.split(";")) {
            if (!entry.isBlank()) {
                routes.add(parseOne(entry.trim(), defaultTimeout));
            }
        }
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                if (routes.get(i).prefix().equals(routes.get(j).prefix())) {
                    throw new IllegalArgumentException("two forwarding routes for the prefix '"
                            + routes.get(i).prefix() + "/'");
                }
            }
        }
        routes.sort((a, b) -> Integer.compare(b.prefix().length(), a.prefix().length()));
        return List.copyOf(routes);
    }

    private static Route parseOne(String entry, Duration defaultTimeout) {
        int equals = entry.indexOf('=');
        if (equals < 1 || !entry.startsWith("/")) {
            throw new IllegalArgumentException("forwarding route '" + entry
                    + "' is not of the form /prefix/=http://host:port/[,more upstreams] [option=value ...]");
        }
        String prefix = entry.substring(0, equals).trim();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        List<URI> upstreams = new ArrayList<>();
        boolean strip = true;
        Duration timeout = defaultTimeout;
        boolean rewrite = false;
        Balance balance = Balance.ROUND_ROBIN;
        String health = null;
        Duration healthInterval = Duration.ofSeconds(10);
        int healthyAfter = 2;
        int unhealthyAfter = 3;
        int passiveFailures = 3;
        Duration cooldown = Duration.ofSeconds(30);
        String sticky = null;
        boolean auth = false;
        for (String token : entry.substring(equals + 1).trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.contains("://") || !token.contains("=")) {
                for (String upstream : token.split(",")) {
                    if (!upstream.isBlank()) {
                        upstreams.add(upstream(prefix, upstream.trim()));
                    }
                }
                continue;
            }
            String name = token.substring(0, token.indexOf('=')).toLowerCase(Locale.ROOT);
            String option = token.substring(token.indexOf('=') + 1);
            try {
                switch (name) {
                    case "strip" -> strip = bool(option);
                    case "timeout" -> timeout = duration(option);
                    case "redirects" -> rewrite = choice(option, "pass", "rewrite").equals("rewrite");
                    case "balance" -> balance = choice(option, "round-robin", "least-connections")
                            .equals("round-robin") ? Balance.ROUND_ROBIN : Balance.LEAST_CONNECTIONS;
                    case "health" -> {
                        if (!option.startsWith("/")) {
                            throw new IllegalArgumentException("expected a path starting with /");
                        }
                        health = option;
                    }
                    case "health-interval" -> healthInterval = duration(option);
                    case "healthy-after" -> healthyAfter = positive(option);
                    case "unhealthy-after" -> unhealthyAfter = positive(option);
                    case "passive-failures" -> passiveFailures = positive(option);
                    case "passive-cooldown" -> cooldown = duration(option);
                    case "sticky" -> sticky = option;
                    case "auth" -> auth = choice(option, "none", "required").equals("required");
                    default -> throw new IllegalArgumentException("unknown option");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("forwarding route '" + prefix + "/': option " + token + ": "
                        + e.getMessage(), e);
            }
        }
        return new Route(prefix, upstreams, strip, timeout, rewrite, balance, Optional.ofNullable(health),
                healthInterval, healthyAfter, unhealthyAfter, passiveFailures, cooldown,
                Optional.ofNullable(sticky), auth);
    }

    private static URI upstream(String prefix, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forwarding route '" + prefix + "/': upstream '" + text
                    + "' is not a URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss", "tcp").contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("forwarding route '" + prefix + "/': upstream '" + text
                    + "' must be an absolute http, https, ws, wss or tcp URI with a host");
        }
        if (scheme.equals("tcp") && uri.getPort() < 0) {
            throw new IllegalArgumentException("forwarding route '" + prefix + "/': upstream '" + text
                    + "' needs a port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("forwarding route '" + prefix + "/': upstream '" + text
                    + "' must not have a query or fragment");
        }
        return uri;
    }

    private static boolean isTcp(URI uri) {
        return "tcp".equalsIgnoreCase(uri.getScheme());
    }

    private static boolean bool(String value) {
        return choice(value, "true", "false").equals("true");
    }

    private static String choice(String value, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(lower)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", allowed));
        }
        return lower;
    }

    private static int positive(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a positive integer");
        }
        if (n < 1) {
            throw new IllegalArgumentException("expected a positive integer");
        }
        return n;
    }

    /**
     * Parses a duration: {@code 500ms}, {@code 5s}, {@code 2m} or a plain number of seconds.
     *
     * @param value the text
     * @return the duration, positive
     * @throws IllegalArgumentException for anything else
     */
    public static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("expected a positive duration");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s or 2m");
        }
    }
}
