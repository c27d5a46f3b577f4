package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import dev.switchboard.log.LogSafe;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The header rules of a forwarded exchange: which client headers reach the upstream, which credentials are kept
 * from it, the forwarding headers that name the client, the {@code Host} an upstream is sent, and how a redirect
 * to the upstream is turned back into one to the public origin. Pure functions of their arguments.
 */
public final class ForwardHeaders {

    private static final System.Logger LOG = System.getLogger(ForwardHeaders.class.getName());

    /**
     * A header setter that skips, with a DEBUG line, a header the JDK client manages itself or refuses as invalid,
     * so one such header does not fail the whole forwarded request.
     *
     * @param set the client builder's setter
     * @return the lenient setter
     */
    public static BiConsumer<String, String> lenient(BiConsumer<String, String> set) {
        return (name, value) -> {
            try {
                set.accept(name, value);
            } catch (IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Header {0} not forwarded: {1}",
                        LogSafe.of(name),
                        LogSafe.of(e.getMessage()));
            }
        };
    }

    /** Request headers the proxy sets itself (the JDK client refuses some of them anyway). */
    public static final Set<String> NOT_COPIED = Set.of(
            "host",
            "content-length",
            "expect",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "forwarded");

    /** Headers that carry a credential for Switchboard itself, kept from upstreams unless a route passes them. */
    static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "x-switchboard-post-key");

    /** The query parameter that carries a login ticket. */
    public static final String TICKET_PARAMETER = "ticket";

    private ForwardHeaders() {}

    /**
     * Wraps a header sink so that the credentials Switchboard consumed itself do not reach the upstream: the
     * {@code Authorization} header, the SSE post key, and the login session's cookie (other cookies pass).
     *
     * @param sessionCookie the name of the login session's cookie
     * @param target        receives the headers that may travel
     * @return the filtering sink
     */
    public static BiConsumer<String, String> withoutCredentials(
            String sessionCookie, BiConsumer<String, String> target) {
        return (name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (CREDENTIAL_HEADERS.contains(lower)) {
                return;
            }
            if (lower.equals("cookie")) {
                String kept = withoutCookie(value, sessionCookie);
                if (!kept.isEmpty()) {
                    target.accept(name, kept);
                }
                return;
            }
            target.accept(name, value);
        };
    }

    /**
     * A {@code Cookie} header value without one cookie (RFC 6265 section 4.2.1: pairs separated by "; ").
     *
     * @param header     the header value
     * @param cookieName the cookie to leave out
     * @return the other cookies, empty when none is left
     */
    public static String withoutCookie(String header, String cookieName) {
        StringBuilder kept = new StringBuilder(header.length());
        for (String pair : header.split(";")) {
            String trimmed = pair.strip();
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
            if (trimmed.isEmpty() || name.equals(cookieName)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.toString();
    }

    /**
     * A raw query string without one parameter (matched by its raw name).
     *
     * @param query     the raw query string
     * @param parameter the parameter to leave out
     * @return the rest; null when nothing is left
     */
    public static String withoutParameter(String query, String parameter) {
        StringBuilder kept = new StringBuilder(query.length());
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (pair.isEmpty() || name.equals(parameter)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * Whether a client request header travels upstream: not hop-by-hop, not named in {@code Connection}, and not
     * one the proxy sets itself.
     *
     * @param lowerName the header name in lower case
     * @param dropped   what {@link HopByHop#dropped} returned for the request
     * @return true when it is copied
     */
    public static boolean copied(String lowerName, Set<String> dropped) {
        return !dropped.contains(lowerName) && !NOT_COPIED.contains(lowerName);
    }

    /**
     * Emits {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code Forwarded}
     * (RFC 7239). The client named is the one the firewall resolved, followed by the peer when the two differ.
     *
     * @param resolvedClient the client address the firewall resolved, or null
     * @param peer           the direct peer's address
     * @param scheme         the scheme the client used
     * @param publicHost     the authority the client addressed
     * @param target         receives each header name and value
     */
    public static void forwarded(
            String resolvedClient, String peer, String scheme, String publicHost, BiConsumer<String, String> target) {
        List<String> hops = new ArrayList<>();
        if (resolvedClient != null && !unbracketed(resolvedClient).equalsIgnoreCase(unbracketed(peer))) {
            hops.add(resolvedClient);
        }
        hops.add(peer);
        target.accept("X-Forwarded-For", String.join(", ", hops));
        target.accept("X-Forwarded-Proto", scheme);
        target.accept("X-Forwarded-Host", publicHost);
        List<String> forwarded = new ArrayList<>();
        for (int i = 0; i < hops.size() - 1; i++) {
            forwarded.add("for=" + HopByHop.forwardedNode(unbracketed(hops.get(i))));
        }
        forwarded.add("for=" + HopByHop.forwardedNode(unbracketed(peer)) + ";host="
                + HopByHop.forwardedValue(publicHost) + ";proto=" + scheme);
        target.accept("Forwarded", String.join(", ", forwarded));
    }

    private static String unbracketed(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    /**
     * The {@code Host} the upstream is sent under the route's host policy.
     *
     * @param route      the route
     * @param publicHost the authority the client addressed
     * @return the value, or empty to let the client library send the upstream's own authority
     */
    public static Optional<String> hostHeader(Route route, String publicHost) {
        return switch (route.hostPolicy()) {
            case UPSTREAM -> Optional.empty();
            case PRESERVE -> Optional.of(publicHost);
            case FIXED -> route.fixedHost();
        };
    }

    /**
     * The authority a client addressed when it sent no {@code Host} (HTTP/2 carries {@code :authority}, which the
     * container reports as server name and port).
     *
     * @param hostHeader the {@code Host} header, or null
     * @param scheme     the request scheme
     * @param serverName the server name the container reports
     * @param serverPort the server port the container reports
     * @return the authority
     */
    public static String publicHost(String hostHeader, String scheme, String serverName, int serverPort) {
        if (hostHeader != null && !hostHeader.isBlank()) {
            return hostHeader;
        }
        boolean defaultPort = serverPort == ("https".equals(scheme) ? 443 : 80);
        return (serverName.contains(":") ? "[" + serverName + "]" : serverName) + (defaultPort ? "" : ":" + serverPort);
    }

    /**
     * A {@code Location} that points under the upstream's base, moved to the same place under the public origin;
     * any other value unchanged.
     *
     * @param route        the route
     * @param upstream     the upstream base that answered
     * @param value        the {@code Location} value
     * @param publicOrigin the scheme and authority the client used, {@code https://example.org}
     * @param contextPath  the application's context path
     * @return the value to send
     */
    public static String rewriteLocation(
            Route route, URI upstream, String value, String publicOrigin, String contextPath) {
        URI location;
        try {
            location = URI.create(value);
        } catch (IllegalArgumentException e) {
            return value;
        }
        if (!location.isAbsolute()) {
            return value;
        }
        URI base = Targets.httpBase(upstream);
        if (!base.getRawAuthority().equalsIgnoreCase(location.getRawAuthority())
                || !base.getScheme().equalsIgnoreCase(location.getScheme())) {
            return value;
        }
        String basePath = base.getRawPath().endsWith("/")
                ? base.getRawPath().substring(0, base.getRawPath().length() - 1)
                : base.getRawPath();
        String path = location.getRawPath() == null ? "" : location.getRawPath();
        if (!path.startsWith(basePath)) {
            return value;
        }
        String rest = path.substring(basePath.length());
        String publicPath = contextPath + (route.strip() ? route.prefix() + rest : rest);
        return publicOrigin
                + (publicPath.isEmpty() ? "/" : publicPath)
                + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery())
                + (location.getRawFragment() == null ? "" : "#" + location.getRawFragment());
    }
}
