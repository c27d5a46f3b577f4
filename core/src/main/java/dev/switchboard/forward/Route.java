package dev.switchboard.forward;

import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One forwarding route: a path prefix or a pattern, the upstreams behind it and its options.
 *
 * <p>Routes are written as entries of {@code switchboard.forward.routes} or lines of the routes file;
 * {@link RouteParser} reads both and documents the syntax and the options.
 *
 * <p>A prefix route matches when the request's {@link RequestPath canonical path} (decoded, dot segments resolved,
 * path parameters removed, without the context path) equals the prefix or continues it after a {@code /}. A
 * pattern route matches when its regular expression matches the whole canonical path; patterns are RE2
 * expressions (RE2/J), which match in time linear in the path whatever the pattern, because the path is the
 * client's. Pattern routes are tried first, in declaration order; then the longest matching prefix wins.
 *
 * <p>The upstream path of a prefix route is the upstream's base path followed by the rest of the request path
 * (or the whole path with {@code strip=false}). The upstream path of a pattern route is its base path with
 * {@code $0}..{@code $9} replaced by the pattern's groups, or, when the base path has no such reference, the base
 * path followed by the whole request path. The upstream receives the canonical form of that path, percent-encoded
 * again, and never a path outside the upstream's base path (for a pattern route, the base path's directory before
 * its first group reference): a request that would leave it is refused. The query string is passed unchanged.
 *
 * <p>The constructor checks what makes a route unusable whatever its text: no upstream, {@code tcp://} mixed
 * with other upstreams, a pattern route with a prefix to strip.
 *
 * @param prefix            the path prefix without a trailing slash ({@code ""} for the root and for pattern
 *                          routes)
 * @param pattern           the pattern of a pattern route, or empty for a prefix route
 * @param upstreams         the upstream base URIs, at least one, all {@code tcp} or none
 * @param strip             whether the prefix is removed from the upstream path (always false for patterns)
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
 * @param hostPolicy        which {@code Host} header the upstream receives
 * @param fixedHost         the {@code Host} value with {@link HostPolicy#FIXED}, else empty
 * @param passCredentials   whether the credentials Switchboard consumed (its session cookie, {@code Authorization},
 *                          a {@code ticket} query parameter, the SSE post key) reach the upstream
 *                          ({@code credentials=pass}); by default they are removed
 */
public record Route(
        String prefix,
        Optional<com.google.re2j.Pattern> pattern,
        List<URI> upstreams,
        boolean strip,
        Duration timeout,
        boolean rewriteRedirects,
        Balance balance,
        Optional<String> healthPath,
        Duration healthInterval,
        int healthyAfter,
        int unhealthyAfter,
        int passiveFailures,
        Duration passiveCooldown,
        Optional<String> stickyCookie,
        boolean authRequired,
        HostPolicy hostPolicy,
        Optional<String> fixedHost,
        boolean passCredentials) {

    /** The system property that lets the JDK HTTP client send a {@code Host} header of the caller's choosing. */
    public static final String ALLOW_RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    /** A group reference in a pattern route's upstream path. */
    static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d)");

    /** How a request picks among healthy upstreams. */
    public enum Balance {
        /** Each in turn. */
        ROUND_ROBIN,
        /** The one with the fewest exchanges in flight (WebSocket relays count while open); ties in turn. */
        LEAST_CONNECTIONS
    }

    /** Which {@code Host} header the upstream receives. */
    public enum HostPolicy {
        /** The upstream's own authority, as the JDK client sets it ({@code host=upstream}, the default). */
        UPSTREAM,
        /** The client's {@code Host} ({@code host=preserve}). */
        PRESERVE,
        /** A configured name ({@code host=name[:port]}). */
        FIXED
    }

    /** Validates the components. */
    public Route {
        upstreams = List.copyOf(upstreams);
        String name = pattern.map(p -> "~" + p.pattern()).orElse(prefix + "/");
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " has no upstream");
        }
        long tcp = upstreams.stream().filter(Route::isTcp).count();
        if (tcp != 0 && tcp != upstreams.size()) {
            throw new IllegalArgumentException("route " + name + " mixes tcp:// with other upstreams");
        }
        if (pattern.isPresent() && (strip || !prefix.isEmpty())) {
            throw new IllegalArgumentException("route " + name + ": a pattern route has no prefix to strip");
        }
        if (fixedHost.isPresent() != (hostPolicy == HostPolicy.FIXED)) {
            throw new IllegalArgumentException("route " + name + ": a fixed Host needs host policy FIXED");
        }
    }

    /**
     * The route as configuration names it, for messages and log lines.
     *
     * @return {@code /prefix/} or {@code ~pattern}
     */
    public String name() {
        return pattern.map(p -> "~" + p.pattern()).orElse(prefix + "/");
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
     * Tells whether the route takes a request path.
     *
     * @param path a canonical request path without the context path
     * @return true when {@link #remainder} has a value for it
     */
    public boolean matches(String path) {
        return remainder(path).isPresent();
    }

    /**
     * The part of a path that is appended to an upstream's base path, if the path matches: for a prefix route
     * the rest after the prefix, for a pattern route the whole path.
     *
     * @param path a canonical request path without the context path ({@link RequestPath#of})
     * @return the remainder ({@code ""} or starting with {@code /}), or empty when the route does not match
     */
    public Optional<String> remainder(String path) {
        if (pattern.isPresent()) {
            return pattern.get().matcher(path).matches() ? Optional.of(path) : Optional.empty();
        }
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
     * The upstream path for a request path: for a pattern route whose base path references groups, the base
     * path with {@code $0}..{@code $9} replaced by the groups of the match; otherwise the base path (without a
     * trailing slash) followed by the remainder (prefix routes with {@code strip=false}: by the prefix and the
     * remainder). The result is canonicalised as the upstream will read it and must stay under the base path (for
     * group references: the base path up to the {@code /} before the first reference).
     *
     * @param basePath  the upstream's raw base path, possibly empty
     * @param remainder what {@link #remainder} returned for the canonical request path
     * @return the upstream path, canonical and percent-encoded, starting with {@code /}
     * @throws RouteEscapeException when the path would leave the upstream's base path or is ambiguous
     */
    public String upstreamPath(String basePath, String remainder) {
        String built;
        String fence;
        Matcher firstReference = GROUP_REFERENCE.matcher(basePath);
        if (pattern.isPresent() && firstReference.find()) {
            com.google.re2j.Matcher match = pattern.get().matcher(remainder);
            if (!match.matches()) {
                throw new RouteEscapeException("the path does not match route " + name());
            }
            built = GROUP_REFERENCE.matcher(basePath).replaceAll(reference -> {
                String group = match.group(Integer.parseInt(reference.group(1)));
                // A group is decoded text: encoded again, a '?' or ';' in it stays part of the path.
                return Matcher.quoteReplacement(group == null ? "" : RequestPath.encode(group));
            });
            fence = basePath.substring(0, basePath.lastIndexOf('/', firstReference.start()) + 1);
        } else {
            String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
            built = base + RequestPath.encode(strip ? remainder : prefix + remainder);
            fence = base;
        }
        String canonical;
        String canonicalFence;
        try {
            canonical = RequestPath.canonicalise(built.isEmpty() ? "/" : built);
            canonicalFence = RequestPath.canonicalise(fence.isEmpty() ? "/" : fence);
        } catch (AmbiguousPathException e) {
            throw new RouteEscapeException("the upstream path would be ambiguous (" + e.getMessage() + ")");
        }
        if (!RequestPath.isUnder(canonical, canonicalFence)) {
            throw new RouteEscapeException(
                    "the path leaves the upstream base " + canonicalFence + " of route " + name());
        }
        return RequestPath.encode(canonical);
    }

    /** A request path that would reach an upstream path outside its route's upstream base; answered with 400. */
    public static final class RouteEscapeException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param reason what is wrong, without the request's own text
         */
        public RouteEscapeException(String reason) {
            super(reason);
        }
    }

    /**
     * Parses the value of {@code switchboard.forward.routes} and puts the routes in matching order.
     *
     * @param value          the routes, separated by {@code ;} (a {@code ;} after a backslash does not separate);
     *                       the syntax and options are those of {@link RouteParser}
     * @param defaultTimeout the timeout of routes without {@code timeout=}
     * @return the routes in matching order: patterns in declaration order, then prefixes, longest first
     * @throws IllegalArgumentException naming the route and the problem
     */
    public static List<Route> parse(String value, Duration defaultTimeout) {
        return ordered(RouteParser.parseKey(value, defaultTimeout));
    }

    /**
     * Checks routes from every source together and puts them in matching order.
     *
     * @param routes the routes of every source, in declaration order
     * @return pattern routes in declaration order, then prefix routes, longest prefix first
     * @throws IllegalArgumentException when two routes have the same prefix or the same pattern
     */
    public static List<Route> ordered(List<Route> routes) {
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                if (routes.get(i).name().equals(routes.get(j).name())
                        && !duplicates.contains(routes.get(i).name())) {
                    duplicates.add(routes.get(i).name());
                }
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("two forwarding routes for "
                    + duplicates.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", ")));
        }
        List<Route> sorted = new ArrayList<>(routes);
        // List.sort is stable: patterns keep their declaration order.
        sorted.sort(Comparator.comparing((Route r) -> r.pattern().isEmpty())
                .thenComparing(r -> -r.prefix().length()));
        return List.copyOf(sorted);
    }

    static boolean isTcp(URI uri) {
        return "tcp".equalsIgnoreCase(uri.getScheme());
    }
}
