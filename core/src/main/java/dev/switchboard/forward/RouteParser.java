package dev.switchboard.forward;

import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import dev.switchboard.forward.Route.Balance;
import dev.switchboard.forward.Route.HostPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads forwarding routes from their textual form: the value of {@code switchboard.forward.routes} and the routes
 * file. Every problem is refused with a message that names the route (and, in the file, the line).
 *
 * <p>Textual form (one entry of {@code switchboard.forward.routes}, entries separated by {@code ;}; or one line
 * of the routes file, see {@link #parseFile}):
 * <pre>
 * route    = ( prefix | pattern ) "=" upstream *( "," upstream ) *( WSP option )
 * prefix   = "/" path        ; "/legacy/" and "/legacy" are the same route
 * pattern  = "~" regex       ; RE2 syntax (linear-time matching), matched against the whole path
 * upstream = http:// | https:// | ws:// | wss:// base URL, or tcp://host:port (WebSocket-to-TCP bridge)
 * option   = name "=" value
 * </pre>
 *
 * <p>Options: {@code strip=true|false} (default true; prefix routes only), {@code timeout=DURATION} (default
 * the global timeout), {@code redirects=pass|rewrite} (default pass), {@code balance=round-robin|least-connections}
 * (default round-robin), {@code health=/path} (active checks off unless set), {@code health-interval=DURATION}
 * (default 10s), {@code healthy-after=N} (default 2), {@code unhealthy-after=N} (default 3),
 * {@code passive-failures=N} (default 3), {@code passive-cooldown=DURATION} (default 30s),
 * {@code sticky=COOKIE}, {@code auth=required|none} (default none),
 * {@code host=upstream|preserve|NAME[:PORT]} (default upstream) and {@code credentials=strip|pass} (default
 * strip). A duration is a number with {@code ms}, {@code s} or {@code m}, or a plain number of seconds
 * ({@link #duration}).
 *
 * <p>A pattern ends at the {@code =} that is directly followed (after optional blanks) by the first upstream's
 * {@code scheme://}, so it may contain {@code =} and {@code ,}. It may not contain blanks (use {@code \s} or
 * {@code %20}); in the single key it may contain {@code ;} only as {@code \;} (which the regex reads as a
 * literal {@code ;}), while the routes file has one route per line and no separator to escape.
 *
 * <p>What a route means once read (matching, upstream paths) is {@link Route}'s.
 */
public final class RouteParser {

    /** Where the pattern's text ends: at the "=" before the first upstream's scheme. */
    private static final Pattern PATTERN_END = Pattern.compile("=\\s*[A-Za-z][A-Za-z0-9+.-]*://");
    /** A host name, IPv4 or bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST_VALUE =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?");

    private RouteParser() {}

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
                Matcher reference =
                        Route.GROUP_REFERENCE.matcher(upstream.getRawPath() == null ? "" : upstream.getRawPath());
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
        } catch (NumberFormatException | ArithmeticException e) {
            // ArithmeticException: a number of minutes too large for a Duration (found by fuzzing).
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s or 2m");
        }
    }
}
