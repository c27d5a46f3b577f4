package dev.switchboard.hub;

import dev.switchboard.api.RequestPath;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of the HTTP request that opened a connection, captured before the upgrade because JSR-356 hides
 * most of them afterwards.
 *
 * @param remoteAddress the direct peer
 * @param localAddress  the local address the request arrived on
 * @param requestUri    path and query of the request
 * @param headers       request headers, names in lower case
 * @param principal     the authenticated principal, if any
 * @param clientAddress the client as the firewall resolved it (trusted proxies honoured), else the direct peer
 */
public record HandshakeInfo(
        InetSocketAddress remoteAddress,
        InetSocketAddress localAddress,
        URI requestUri,
        Map<String, List<String>> headers,
        Optional<Principal> principal,
        String clientAddress) {

    /**
     * Request attribute in which the firewall filter leaves the client address it resolved (the same name as
     * {@code FirewallFilter.CLIENT_ADDRESS_ATTRIBUTE}, which the hub may not depend on).
     */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.switchboard.firewall.client-address";

    /**
     * Header names most handshakes carry, one instance of each: every open connection keeps its handshake's headers,
     * and a name lower-cased per request would be one more string per header per connection.
     */
    private static final Map<String, String> COMMON_NAMES = java.util.stream.Stream.of(
                    "accept",
                    "accept-encoding",
                    "accept-language",
                    "authorization",
                    "cache-control",
                    "connection",
                    "cookie",
                    "forwarded",
                    "host",
                    "origin",
                    "pragma",
                    "referer",
                    "sec-websocket-extensions",
                    "sec-websocket-key",
                    "sec-websocket-protocol",
                    "sec-websocket-version",
                    "upgrade",
                    "user-agent",
                    "x-forwarded-for",
                    "x-forwarded-proto",
                    "x-real-ip")
            .collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name, name -> name));

    /** Copies the header map so the record stays immutable. */
    public HandshakeInfo {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(lowerCaseName(name), List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        if (clientAddress == null || clientAddress.isEmpty()) {
            clientAddress = remoteAddress.getHostString();
        }
    }

    private static String lowerCaseName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMMON_NAMES.getOrDefault(lower, lower);
    }

    /**
     * Facts of a request the firewall did not resolve: the client is the direct peer.
     *
     * @param remoteAddress the direct peer
     * @param localAddress  the local address the request arrived on
     * @param requestUri    path and query of the request
     * @param headers       request headers
     * @param principal     the authenticated principal, if any
     */
    public HandshakeInfo(
            InetSocketAddress remoteAddress,
            InetSocketAddress localAddress,
            URI requestUri,
            Map<String, List<String>> headers,
            Optional<Principal> principal) {
        this(remoteAddress, localAddress, requestUri, headers, principal, null);
    }

    /**
     * The same facts with a principal an upgrade check established for a request that had none.
     *
     * @param established the principal
     * @return the new facts
     */
    public HandshakeInfo withPrincipal(Principal established) {
        return new HandshakeInfo(
                remoteAddress, localAddress, requestUri, headers, Optional.of(established), clientAddress);
    }

    /**
     * Captures the request's facts.
     *
     * @param request the handshake or SSE request
     * @return the captured facts
     */
    public static HandshakeInfo of(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> values = new ArrayList<>(Collections.list(request.getHeaders(name)));
            headers.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                merged.addAll(b);
                return merged;
            });
        }
        String query = request.getQueryString();
        // The canonical path, so that per-path decisions on the connection (firewall options) cannot be steered by
        // spelling the path another way; getRequestURI, because authentication hides credential path prefixes there.
        URI uri = URI.create(request.getContextPath()
                + RequestPath.encode(RequestPath.relative(
                        RequestPath.canonicalise(request.getRequestURI()), request.getContextPath()))
                + (query == null ? "" : "?" + query));
        return new HandshakeInfo(
                InetSocketAddress.createUnresolved(request.getRemoteAddr(), request.getRemotePort()),
                InetSocketAddress.createUnresolved(request.getLocalAddr(), request.getLocalPort()),
                uri,
                headers,
                Optional.ofNullable(request.getUserPrincipal()),
                request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE) instanceof String resolved ? resolved : null);
    }
}
