package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.AddressSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the real client address of a request: the direct peer, unless the direct peer is a trusted proxy, in which
 * case exactly one configured forwarding header ({@code X-Forwarded-For} or {@code Forwarded}, RFC 7239) is read
 * from the right (nearest hop) and the first address that is not a trusted proxy is the client.
 *
 * <p>Only one header is ever read, because a proxy sets (or appends to) the one it knows and passes any other
 * through untouched: most proxies write {@code X-Forwarded-For} only, so a client-supplied {@code Forwarded} reaches
 * the server verbatim. Reading it, or preferring it, would let a client choose its own address. A spoofed header
 * sent by a peer that is not a trusted proxy is ignored. When a hop is unparsable ({@code unknown}, an obfuscated
 * identifier, garbage), the walk stops and the last address reached (a trusted proxy) is the client: the firewall
 * then judges the proxy rather than trusting an unverifiable claim. When every hop is a trusted proxy, the leftmost
 * is the client.
 */
public final class ClientAddresses {

    /** The {@code X-Forwarded-For} header: a comma-separated list of addresses, nearest hop last. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    /** The RFC 7239 {@code Forwarded} header: forwarded-elements whose {@code for=} parameter names a hop. */
    public static final String FORWARDED = "Forwarded";

    private final AddressSet trustedProxies;
    private final String header;
    private final boolean rfc7239;

    /**
     * Creates a resolver.
     *
     * @param trustedProxies the proxies whose forwarding header is believed
     * @param header         the one header read: {@link #X_FORWARDED_FOR} or {@link #FORWARDED} (any case)
     * @throws IllegalArgumentException for any other header name
     */
    public ClientAddresses(AddressSet trustedProxies, String header) {
        this.trustedProxies = trustedProxies;
        if (header.equalsIgnoreCase(X_FORWARDED_FOR)) {
            this.header = X_FORWARDED_FOR;
            this.rfc7239 = false;
        } else if (header.equalsIgnoreCase(FORWARDED)) {
            this.header = FORWARDED;
            this.rfc7239 = true;
        } else {
            throw new IllegalArgumentException(
                    "Not a forwarding header: '" + header + "'; expected " + X_FORWARDED_FOR + " or " + FORWARDED);
        }
    }

    /**
     * The name of the one header this resolver reads.
     *
     * @return {@link #X_FORWARDED_FOR} or {@link #FORWARDED}
     */
    public String header() {
        return header;
    }

    /**
     * Resolves a request's client.
     *
     * @param directPeer the socket peer's address text ({@code getRemoteAddr()})
     * @param values     the values of the configured header ({@link #header()}), possibly empty
     * @return the client, or empty when even the direct peer is not an IP literal
     */
    public Optional<InetAddress> resolve(String directPeer, List<String> values) {
        Optional<InetAddress> peer = directPeer == null ? Optional.empty() : AddressSet.literal(directPeer);
        if (peer.isEmpty() || trustedProxies.isEmpty() || !trustedProxies.contains(peer.get())) {
            return peer;
        }
        List<String> hops = rfc7239 ? forwardedFors(values) : commaList(values);
        InetAddress current = peer.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = hopAddress(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.of(current);
            }
            current = hop.get();
            if (!trustedProxies.contains(current)) {
                return Optional.of(current);
            }
        }
        return Optional.of(current);
    }

    private static List<String> commaList(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.trim());
                }
            }
        }
        return hops;
    }

    /** The {@code for=} parameter of each forwarded-element, in order; an element without one is an unknown hop. */
    private static List<String> forwardedFors(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String element : commaList(values)) {
            String found = "unknown";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0
                        && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    found = pair.substring(eq + 1).trim();
                }
            }
            hops.add(found);
        }
        return hops;
    }

    /** Strips quotes and a port: {@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}, {@code 2001:db8::1}. */
    static Optional<InetAddress> hopAddress(String raw) {
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close < 0 ? Optional.empty() : AddressSet.literal(s.substring(1, close));
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':')) {
            s = s.substring(0, colon);
        }
        return AddressSet.literal(s);
    }
}
