package dev.switchboard.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a browser's {@code Origin} may open a WebSocket (cross-site WebSocket hijacking is the
 * threat: browsers send cookies with a cross-origin handshake).
 *
 * <p>With no configured entries, the origin must name the request's own host and port (as Centrifuge and
 * Helidon do by default). Entries are exact origins ({@code https://portal.example.com}), origins with a
 * port wildcard ({@code http://127.0.0.1:*}, the sgc form), or {@code *} for any origin. Handshakes without an
 * {@code Origin} header come from non-browser clients, which are not exposed to that threat, and are allowed.
 */
public final class OriginPolicy {

    private final List<String> allowed;

    /**
     * Creates a policy.
     *
     * @param allowed the configured entries; empty for same-host only
     */
    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
    }

    /**
     * Decides on a handshake.
     *
     * @param origin the {@code Origin} header, if any
     * @param host   the {@code Host} header, if any
     * @return true when the handshake may proceed
     */
    public boolean allows(Optional<String> origin, Optional<String> host) {
        if (origin.isEmpty()) {
            return true;
        }
        String value = normalize(origin.get());
        if (allowed.isEmpty()) {
            return host.isPresent() && sameHost(value, host.get());
        }
        for (String entry : allowed) {
            if (entry.equals("*") || entry.equals(value)) {
                return true;
            }
            if (entry.endsWith(":*")) {
                String prefix = entry.substring(0, entry.length() - 1);
                String withoutPort = entry.substring(0, entry.length() - 2);
                if (value.equals(withoutPort)
                        || (value.startsWith(prefix) && isPort(value.substring(prefix.length())))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            String expected = host.toLowerCase(Locale.ROOT);
            String hostOnly = uri.getHost().toLowerCase(Locale.ROOT);
            // Host carries the port only when it is not the scheme's default.
            return expected.equals(hostOnly + ":" + port) || (expected.equals(hostOnly) && uri.getPort() == -1);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String origin) {
        String value = origin.trim().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
