package dev.switchboard.forward.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers belong to one connection and must not cross a proxy (RFC 9110 section 7.6.1): the fixed
 * hop-by-hop set plus every field named in {@code Connection}.
 */
public final class HopByHop {

    /** Hop-by-hop headers in lower case, dropped in both directions. */
    public static final Set<String> HOP_HEADERS = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private HopByHop() {}

    /**
     * The headers a message says are for this hop only.
     *
     * @param connectionValues every value of the message's {@code Connection} header
     * @return {@link #HOP_HEADERS} plus the listed names, lower case
     */
    public static Set<String> dropped(Iterable<String> connectionValues) {
        Set<String> dropped = new HashSet<>(HOP_HEADERS);
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    dropped.add(name);
                }
            }
        }
        return dropped;
    }

    /**
     * The {@code for=} or {@code by=} node of a {@code Forwarded} element (RFC 7239 section 6): IPv6 addresses
     * are bracketed and quoted.
     *
     * @param address an IP address as the servlet API gives it
     * @return the node
     */
    public static String forwardedNode(String address) {
        return address.contains(":") ? "\"[" + address + "]\"" : address;
    }

    /**
     * A {@code Forwarded} parameter value, quoted when it is not a token (RFC 7239 section 4).
     *
     * @param value the value
     * @return the value or its quoted-string
     */
    public static String forwardedValue(String value) {
        if (value.chars().allMatch(c -> Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
