package dev.switchboard.firewall;

import dev.switchboard.api.RequestPath;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.http.ConnectionRequests;
import dev.switchboard.spi.FirewallRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * First filter of Switchboard's chain: asks the {@link Firewall} about every request before authentication sees
 * it, and refuses with 403 (deny list, ban) or 429 with {@code Retry-After} (rate limits) and a short plain-text
 * body (GeoIP and detections 403; a custom rule its own answer). WebSocket upgrades ({@code Upgrade: websocket}) and SSE streams ({@code Accept: text/event-stream}) are
 * connection requests, to which the connection-rate and concurrent limits also apply; other requests meet only the
 * lists and bans. The order of the checks is documented once, on {@link Firewall}.
 *
 * <p>The client address comes from the direct peer, or from the one configured forwarding header when the peer is a
 * trusted proxy. A peer address that is not an IP literal is refused with 403 (the firewall fails closed). The
 * resolved client address is left in the request attribute {@link #CLIENT_ADDRESS_ATTRIBUTE} for the filters after
 * this one (authentication reports failures against it, forwarding names it upstream).
 *
 * <dl>
 *   <dt>Configuration</dt>
 *   <dd>{@code switchboard.firewall.*} keys, read once by the {@link Firewall} bean; none is read here.</dd>
 * </dl>
 */
public final class FirewallFilter implements jakarta.servlet.Filter {

    /** Request attribute holding the real client address as text. */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.switchboard.firewall.client-address";

    private Firewall firewall;

    /** For the container; {@link #init} looks the firewall up. */
    public FirewallFilter() {}

    /** With a given firewall, outside a container (tests). */
    FirewallFilter(Firewall firewall) {
        this.firewall = firewall;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (firewall == null) {
            firewall = BeanLookup.get(Firewall.class);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse out)
                || !firewall.settings().enabled()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<InetAddress> client =
                firewall.clientAddress(http.getRemoteAddr(), values(http, firewall.clientAddressHeader()));
        if (client.isEmpty()) {
            // A client no list, ban or limit can judge is refused rather than waved past them all.
            refuse(out, firewall.refuseUnknownAddress(http.getRemoteAddr()));
            return;
        }
        http.setAttribute(CLIENT_ADDRESS_ATTRIBUTE, client.get().getHostAddress());
        // Decisions on the path read its canonical form (decoded once, dot segments resolved), encoded again here;
        // with the context path, as a connection's requestUri() has it, so requests and messages are judged alike.
        URI uri = requestUri(http.getContextPath() + RequestPath.encode(RequestPath.of(http)), http.getQueryString());
        boolean connectionRequest = isConnectionRequest(http);
        Optional<Refusal> refusal = firewall.admit(new FirewallRequest(
                client.get(),
                http.getMethod(),
                uri,
                firewall.hasCustomRules() ? headers(http) : Map.of(),
                connectionRequest));
        if (refusal.isPresent()) {
            refuse(out, refusal.get());
            return;
        }
        if (!connectionRequest) {
            chain.doFilter(request, response);
            return;
        }
        firewall.handshakeStarted(client.get());
        try {
            chain.doFilter(request, response);
        } finally {
            firewall.handshakeEnded(client.get());
        }
    }

    static boolean isConnectionRequest(HttpServletRequest request) {
        return ConnectionRequests.opensConnection(request);
    }

    static URI requestUri(String path, String query) {
        String suffix = query == null ? "" : "?" + query;
        try {
            return URI.create(path + suffix);
        } catch (IllegalArgumentException e) {
            // A query the URI grammar rejects (raw <, ", spaces) is still judged: escaped here, the detectors decode
            // it.
            String escaped = query == null ? "" : "?" + URLEncoder.encode(query, StandardCharsets.UTF_8);
            try {
                return URI.create(path + escaped);
            } catch (IllegalArgumentException again) {
                return URI.create("/" + escaped);
            }
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), values(request, name));
        }
        return headers;
    }

    private static List<String> values(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }

    private static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        response.setStatus(refusal.status());
        refusal.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        if (refusal.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (refusal.body() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
