package dev.switchboard.spi;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WebSocket handshake as the {@link UpgradeCheck} beans see it.
 *
 * @param remoteAddress the direct peer
 * @param requestUri    path and query
 * @param headers       request headers, names in lower case
 * @param offered       the subprotocols the client offered, in its order
 * @param subprotocol   the subprotocol Switchboard negotiated, or empty
 * @param principal     the authenticated principal, if any
 */
public record UpgradeRequest(
        InetSocketAddress remoteAddress,
        URI requestUri,
        Map<String, List<String>> headers,
        List<String> offered,
        Optional<String> subprotocol,
        Optional<Principal> principal) {

    /** Copies the collections. */
    public UpgradeRequest {
        headers = Map.copyOf(headers);
        offered = List.copyOf(offered);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
