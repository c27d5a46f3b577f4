package dev.switchboard.forward;

import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One forwarding route: a path prefix or a pattern, the upstreams behind it and its options.
 *
 * <p>Textual form (one entry of {@code switchboard.forward.routes}, entries separated by {@code ;}; or one line
 * of the routes file, see {@link #parseFile}):
 * <pre>
 * route    = ( prefix | pattern ) "=" upstream *( "," upstream ) *( WSP option )
 * prefix   = "/" path        ; "/legacy/" and "/legacy" are the same route
 * pattern  = "~" regex       ; RE2 syntax (linear-time matching), matched against the whole path
 * upstream = http:// | https:// | ws:// | wss:// base URL, or tcp://host:port (WebSocket-to-TCP bridge)
 * option   = name "=" value  ; see {@link #parse(String, Duration)}
 * </pre>
 * A prefix route matches when the request's {@link RequestPath canonical path} (decoded, dot segments resolved,
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
 * <p>A pattern ends at the {@code =} that is directly followed (after optional blanks) by the first upstream's
 * {@code scheme://}, so it may contain {@code =} and {@code ,}. It may not contain blanks (use {@code \s} or
 * {@code %20}); in the single key it may contain {@code ;} only as {@code \;} (which the regex reads as a
 * literal {@code ;}), while the routes file has one route per line and no separator to escape.
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

    /** Where the pattern's text ends: at the "=" before the first upstream's scheme. */
    private static final Pattern PATTERN_END = Pattern.compile("=\\s*[A-Za-z][A-Za-z0-9+.-]*://");
    /** A group reference in a pattern route's upstream path. */
    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d)");
    /** A host name, IPv4 or bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST_VALUE =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?");

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
     * Parses the value of {@code switchboard.forward.routes}.
     *
     * <p>Options: {@code strip=true|false} (default true; prefix routes only), {@code timeout=DURATION} (default
     * the global timeout), {@code redirects=pass|rewrite} (default pass), {@code balance=round-robin|least-connections}
     * (default round-robin), {@code health=/path} (active checks off unless set), {@code health-interval=DURATION}
     * (default 10s), {@code healthy-after=N} (default 2), {@code unhealthy-after=N} (default 3),
     * {@code passive-failures=N} (default 3), {@code passive-cooldown=DURATION} (default 30s),
     * {@code sticky=COOKIE}, {@code auth=required|none} (default none),
     * {@code host=upstream|preserve|NAME[:PORT]} (default upstream) and {@code credentials=strip|pass} (default
     * strip). A duration is a number with {@code ms},
     * {@code s} or {@code m}, or a plain number of seconds.
     *
     * @param value          the routes, separated by {@code ;} (a {@code ;} after a backslash does not separate)
     * @param defaultTimeout the timeout of routes without {@code timeout=}
     * @return the routes in matching order: patterns in declaration order, then prefixes, longest first
     * @throws IllegalArgumentException naming the route and the problem
     */
    public static List<Route> parse(String value, Duration defaultTimeout) {
        return ordered(parseKey(value, defaultTimeout));
    }

    /**
     * Parses the value of {@code switchboard.forward.routes} without ordering or cross-checking the routes.
     *
     * @param value          the routes, separated by {@code ;}
     * @param defaultTimeout the timeout of routes without {@code timeout=}
     * @return the routes in declaration order
     * @throws IllegalArgumentException naming the route and the problem
     */
    public static List<Route> parseKey(String value, Duration defaultTimeout) {
        List<Route> routes = new ArrayList<>();
        // A ";" after a backslash stays in the route: in a pattern "\;" is a literal ";".
        for (String entry : value.split("(?<!\\\\);")) {
            if (!entry.isBlank()) {
                routes.add(parseOne(entry.trim(), defaultTimeout, ""));
            }
        }
        return routes;
    }

    /**
     * Parses a routes file: one route per line in the same form as an entry of the key, without {@code ;}
     * separators. A line whose first non-blank character is {@code #} is a comment; blank lines are ignored; a
     * line that starts with a blank continues the route above it (for options on lines of their own).
     *
     * @param text           the file's content
     * @param source         the file's name, for messages
     * @param defaultTimeout the timeout of routes without {@code timeout=}
     * @return the routes in declaration order
     * @throws IllegalArgumentException naming the file, the line, the route and the problem
     */
    public static List<Route> parseFile(String text, String source, Duration defaultTimeout) {
        List<Route> routes = new ArrayList<>();
        StringBuilder entry = null;
        int entryLine = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            boolean comment = line.isBlank() || line.strip().startsWith("#");
            boolean continuation = !comment && Character.isWhitespace(line.charAt(0));
            if (continuation) {
                if (entry == null) {
                    throw new IllegalArgumentException(source + " line " + (i + 1)
                            + ": an indented line continues a route, but no route starts above it");
                }
                entry.append(' ').append(line.strip());
                continue;
            }
            if (comment && i < lines.length) {
                continue;
            }
            if (entry != null) {
                routes.add(parseOne(entry.toString(), defaultTimeout, source + " line " + entryLine + ": "));
                entry = null;
            }
            if (!comment) {
                entry = new StringBuilder(line.strip());
                entryLine = i + 1;
            }
        }
        return routes;
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

    private static Route parseOne(String entry, Duration defaultTimeout, String where) {
        boolean isPattern = entry.startsWith("~");
        int equals;
        if (isPattern) {
            Matcher end = PATTERN_END.matcher(entry);
            equals = end.find() ? end.start() : -1;
        } else {
            equals = entry.indexOf('=');
        }
        if (equals < 1 || !(entry.startsWith("/") || isPattern)) {
            throw new IllegalArgumentException(where + "forwarding route '" + entry
                    + "' is not of the form /prefix/=http://host:port/[,more upstreams] [option=value ...]"
                    + " or ~regex=http://host:port/[,more upstreams] [option=value ...]");
        }
        String prefix = entry.substring(0, equals).trim();
        com.google.re2j.Pattern pattern = null;
        String name;
        if (isPattern) {
            String regex = prefix.substring(1);
            name = prefix;
            if (regex.isEmpty() || regex.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + "forwarding route '" + name
                        + "': a pattern must be non-empty and contain no blanks (use \\s or %20)");
            }
            try {
                pattern = com.google.re2j.Pattern.compile(regex);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        where + "forwarding route '" + name
                                + "': not a regular expression in RE2 syntax (which has no look-around or back-references): "
                                + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""),
                        e);
            }
            prefix = "";
        } else {
            try {
                // Compared with canonical request paths, so written in the same form.
                prefix = RequestPath.canonicalise(prefix);
            } catch (AmbiguousPathException e) {
                throw new IllegalArgumentException(
                        where + "forwarding route '" + prefix + "': the prefix is not" + " a plain path: "
                                + e.getMessage(),
                        e);
            }
            while (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            name = prefix + "/";
        }
        List<URI> upstreams = new ArrayList<>();
        Boolean strip = null;
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
        boolean passCredentials = false;
        HostPolicy hostPolicy = HostPolicy.UPSTREAM;
        String fixedHost = null;
        for (String token : entry.substring(equals + 1).trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.contains("://") || !token.contains("=")) {
                for (String upstream : token.split(",")) {
                    if (!upstream.isBlank()) {
                        upstreams.add(upstream(where, name, upstream.trim()));
                    }
                }
                continue;
            }
            String option = token.substring(0, token.indexOf('=')).toLowerCase(Locale.ROOT);
            String value = token.substring(token.indexOf('=') + 1);
            try {
                switch (option) {
                    case "strip" -> {
                        strip = bool(value);
                        if (isPattern) {
                            throw new IllegalArgumentException("a pattern route has no prefix to strip; put $1..$9"
                                    + " in the upstream path instead");
                        }
                    }
                    case "timeout" -> timeout = duration(value);
                    case "redirects" ->
                        rewrite = choice(value, "pass", "rewrite").equals("rewrite");
                    case "balance" ->
                        balance = choice(value, "round-robin", "least-connections")
                                        .equals("round-robin")
                                ? Balance.ROUND_ROBIN
                                : Balance.LEAST_CONNECTIONS;
                    case "health" -> {
                        if (!value.startsWith("/")) {
                            throw new IllegalArgumentException("expected a path starting with /");
                        }
                        health = value;
                    }
                    case "health-interval" -> healthInterval = duration(value);
                    case "healthy-after" -> healthyAfter = positive(value);
                    case "unhealthy-after" -> unhealthyAfter = positive(value);
                    case "passive-failures" -> passiveFailures = positive(value);
                    case "passive-cooldown" -> cooldown = duration(value);
                    case "sticky" -> sticky = value;
                    case "auth" -> auth = choice(value, "none", "required").equals("required");
                    case "credentials" ->
                        passCredentials = choice(value, "strip", "pass").equals("pass");
                    case "host" -> {
                        String lower = value.toLowerCase(Locale.ROOT);
                        if (lower.equals("upstream")) {
                            hostPolicy = HostPolicy.UPSTREAM;
                        } else if (lower.equals("preserve")) {
                            hostPolicy = HostPolicy.PRESERVE;
                        } else if (HOST_VALUE.matcher(value).matches()) {
                            hostPolicy = HostPolicy.FIXED;
                            fixedHost = value;
                        } else {
                            throw new IllegalArgumentException(
                                    "expected upstream, preserve or a host name with an" + " optional port");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        where + "forwarding route '" + name + "': option " + token + ": " + e.getMessage(), e);
            }
        }
        if (isPattern) {
            int groups = pattern.groupCount();
            for (URI upstream : upstreams) {
                Matcher reference = GROUP_REFERENCE.matcher(upstream.getRawPath() == null ? "" : upstream.getRawPath());
                while (reference.find()) {
                    if (Integer.parseInt(reference.group(1)) > groups) {
                        throw new IllegalArgumentException(where + "forwarding route '" + name + "': upstream "
                                + upstream + " refers to " + reference.group() + " but the pattern has "
                                + groups + " group(s)");
                    }
                    if (rewrite) {
                        throw new IllegalArgumentException(where + "forwarding route '" + name
                                + "': redirects=rewrite cannot map a redirect back through " + reference.group()
                                + " in upstream " + upstream + "; use an upstream path without group references");
                    }
                }
            }
        }
        try {
            return new Route(
                    prefix,
                    Optional.ofNullable(pattern),
                    upstreams,
                    strip == null ? !isPattern : strip,
                    timeout,
                    rewrite,
                    balance,
                    Optional.ofNullable(health),
                    healthInterval,
                    healthyAfter,
                    unhealthyAfter,
                    passiveFailures,
                    cooldown,
                    Optional.ofNullable(sticky),
                    auth,
                    hostPolicy,
                    Optional.ofNullable(fixedHost),
                    passCredentials);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "forwarding " + e.getMessage(), e);
        }
    }

    private static URI upstream(String where, String name, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + "forwarding route '" + name + "': upstream '" + text + "' is not a URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss", "tcp").contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + "forwarding route '" + name + "': upstream '" + text
                    + "' must be an absolute http, https, ws, wss or tcp URI with a host");
        }
        if (scheme.equals("tcp") && uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    where + "forwarding route '" + name + "': upstream '" + text + "' needs a port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(where + "forwarding route '" + name + "': upstream '" + text
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
