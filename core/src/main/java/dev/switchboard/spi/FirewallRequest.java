package dev.switchboard.spi;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FirewallRule} sees of a request: the real client address (trusted proxies already resolved), the
 * method, the request URI with its query string, the headers, and whether the request opens a WebSocket or SSE
 * connection.
 *
 * @param clientAddress     the client, as the firewall resolved it
 * @param method            the HTTP method
 * @param requestUri        the request URI (path and query; no scheme or authority)
 * @param headers           the request headers, names in lower case
 * @param connectionRequest true for a WebSocket upgrade or an SSE stream
 */
public record FirewallRequest(
        InetAddress clientAddress,
        String method,
        URI requestUri,
        Map<String, List<String>> headers,
        boolean connectionRequest) {

    /** Validates and copies. */
    public FirewallRequest {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        headers = Map.copyOf(headers);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
