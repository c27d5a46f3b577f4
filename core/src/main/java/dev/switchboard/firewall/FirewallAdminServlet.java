package dev.switchboard.firewall;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.log.LogSafe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The firewall's admin API at {@value #PATH}, installed only when {@code switchboard.firewall.admin.enabled} is
 * true, and answering only callers that pass three guards, in this order:
 * <ol>
 *   <li><b>Address</b>: the direct peer is in {@code switchboard.firewall.admin.allow} (loopback by default) and the
 *       request carries no forwarding header at all ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP},
 *       {@code Via}, ...). A reverse proxy on the same host has a loopback address too; the headers it adds are what
 *       tell its requests from a local caller's, so any of them refuses the request (403). The value {@code *}
 *       turns the address guard off and leaves the role as the only way in, which is how the API is reached
 *       through a proxy.</li>
 *   <li><b>Cross-site defence</b> for every method but {@code GET}, {@code HEAD} and {@code OPTIONS}: the header
 *       {@value #CSRF_HEADER}{@code : 1} is required (a cross-site form or fetch cannot add it without a CORS
 *       preflight, which this servlet never grants), and an {@code Origin} (or, without it, a {@code Referer})
 *       naming another host or port is refused (403). Browsers send Basic credentials on cross-site requests on
 *       their own, so the role alone does not stop a forged POST.</li>
 *   <li><b>Role</b>: the caller is authenticated with the role {@code switchboard.firewall.admin.role}
 *       ({@code admin} by default; 401 without credentials, 403 without the role).</li>
 * </ol>
 * No address guard ({@code *}) together with an empty role would leave the API open to everyone: then every
 * request is refused (403) and the start logs an error.
 *
 * <dl>
 *   <dt>{@code GET /switchboard/firewall}</dt><dd>200, JSON {@code {"bans":[...],"counters":{...}}}</dd>
 *   <dt>{@code GET /switchboard/firewall/bans}</dt><dd>200, JSON array of bans</dd>
 *   <dt>{@code POST /switchboard/firewall/bans?address=A&seconds=N&reason=R}</dt>
 *   <dd>bans A for N seconds (0 or absent: permanently); 201 with the ban, 400 for a bad address</dd>
 *   <dt>{@code DELETE /switchboard/firewall/bans/A}</dt><dd>204 when A was banned, 404 otherwise</dd>
 * </dl>
 */
public final class FirewallAdminServlet extends HttpServlet {

    /** Mapping of the servlet. */
    public static final String PATH = "/switchboard/firewall";
    /** Header every state-changing request must carry with the value {@code 1}. */
    public static final String CSRF_HEADER = "X-Switchboard-Admin";

    /** Headers a proxy adds; their presence means the peer is not the caller (lower case). */
    private static final Set<String> FORWARDING_HEADERS = Set.of(
            "forwarded",
            "x-real-ip",
            "x-client-ip",
            "true-client-ip",
            "x-cluster-client-ip",
            "cf-connecting-ip",
            "fastly-client-ip",
            "via");

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final System.Logger LOG = System.getLogger(FirewallAdminServlet.class.getName());

    private transient Firewall firewall;
    private String role;
    private String realm;

    @Override
    public void init() {
        // Created by the container, so the settings are looked up rather than injected.
        firewall = BeanLookup.get(Firewall.class);
        FirewallSettings settings = BeanLookup.get(FirewallSettings.class);
        role = settings.adminRole();
        realm = settings.adminRealm();
        if (role.isEmpty() && firewall.settings().adminAllow().isEmpty()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "{0} is empty and {1} is *, which would open the firewall admin API"
                            + " to everyone; it refuses every request",
                    ConfigKeys.FIREWALL_ADMIN_ROLE,
                    ConfigKeys.FIREWALL_ADMIN_ALLOW);
        } else if (role.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} is empty: the firewall admin API is guarded by the address" + " list alone",
                    ConfigKeys.FIREWALL_ADMIN_ROLE);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AddressSet allow = firewall.settings().adminAllow();
        if (role.isEmpty() && allow.isEmpty()) {
            text(response, 403, "Forbidden: the admin API has neither an address list nor a role");
            return;
        }
        if (!allow.isEmpty()) {
            Optional<String> forwarding = forwardingHeader(request);
            boolean peerAllowed = AddressSet.literal(request.getRemoteAddr())
                    .map(allow::contains)
                    .orElse(false);
            if (forwarding.isPresent() || !peerAllowed) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused a firewall admin request from {0}: {1}",
                        request.getRemoteAddr(),
                        forwarding
                                .map(h -> "it came through a proxy (" + h + ")")
                                .orElse("the peer is not in " + ConfigKeys.FIREWALL_ADMIN_ALLOW));
                text(response, 403, "Forbidden");
                return;
            }
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            Optional<String> crossSite = crossSite(request);
            if (crossSite.isPresent()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused a firewall admin {0} from {1}: {2}",
                        request.getMethod(),
                        request.getRemoteAddr(),
                        crossSite.get());
                text(response, 403, "Forbidden: " + crossSite.get());
                return;
            }
        }
        if (!role.isEmpty()) {
            if (request.getUserPrincipal() == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
                text(response, 401, "Authentication required");
                return;
            }
            if (!request.isUserInRole(role)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused: {0} from {1} lacks role {2} for the firewall admin API",
                        LogSafe.of(request.getUserPrincipal().getName()),
                        request.getRemoteAddr(),
                        role);
                text(response, 403, "Forbidden: role " + role + " required");
                return;
            }
        }
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        String method = request.getMethod();
        if (method.equals("GET") && path.equals("/")) {
            json(response, 200, "{\"bans\":" + bansJson() + ",\"counters\":" + countersJson() + "}");
        } else if (method.equals("GET") && path.equals("/bans")) {
            json(response, 200, bansJson());
        } else if (method.equals("POST") && path.equals("/bans")) {
            String address = request.getParameter("address");
            long seconds;
            try {
                seconds = Long.parseLong(
                        Optional.ofNullable(request.getParameter("seconds")).orElse("0"));
            } catch (NumberFormatException e) {
                text(response, 400, "seconds must be an integer");
                return;
            }
            if (address == null || AddressSet.literal(address).isEmpty()) {
                text(response, 400, "address must be an IP address");
                return;
            }
            String reason = Optional.ofNullable(request.getParameter("reason")).orElse("admin");
            json(response, 201, banJson(firewall.ban(address, Duration.ofSeconds(seconds), reason)));
        } else if (method.equals("DELETE") && path.startsWith("/bans/")) {
            if (firewall.unban(path.substring("/bans/".length()))) {
                response.setStatus(204);
            } else {
                text(response, 404, "Not banned");
            }
        } else {
            text(response, 404, "Not found");
        }
    }

    /**
     * The first forwarding header the request carries, if any: a request with one came through a proxy, whatever
     * its direct peer's address. Other loopback-guarded endpoints (the metrics) use it too.
     *
     * @param request the request
     * @return the header's name, or empty when there is none
     */
    public static Optional<String> forwardingHeader(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-forwarded-") || FORWARDING_HEADERS.contains(lower)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Why a state-changing request may be cross-site, or empty when it is not. */
    static Optional<String> crossSite(HttpServletRequest request) {
        if (!"1".equals(request.getHeader(CSRF_HEADER))) {
            return Optional.of("state-changing requests need the header " + CSRF_HEADER + ": 1");
        }
        String origin = request.getHeader("Origin");
        String source = origin != null ? origin : request.getHeader("Referer");
        if (source != null && !sameOrigin(source, request)) {
            return Optional.of((origin != null ? "Origin " : "Referer ") + source + " is another site");
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String source, HttpServletRequest request) {
        URI uri;
        try {
            uri = URI.create(source.strip());
        } catch (IllegalArgumentException e) {
            return false; // "null" (an opaque origin) and garbage are never this site
        }
        String host = request.getHeader("Host");
        if (uri.getHost() == null || host == null) {
            return false;
        }
        String hostName = host.strip();
        int explicitPort = -1;
        int colon = hostName.lastIndexOf(':');
        if (colon > hostName.lastIndexOf(']')) {
            try {
                explicitPort = Integer.parseInt(hostName.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            hostName = hostName.substring(0, colon);
        }
        String sourceHost = uri.getHost();
        if (!sourceHost.equalsIgnoreCase(hostName)) {
            return false;
        }
        if (explicitPort < 0) {
            return true; // a default port on our side; the scheme may differ behind a TLS-terminating proxy
        }
        int sourcePort = uri.getPort() >= 0
                ? uri.getPort()
                : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
        return sourcePort == explicitPort;
    }

    private String bansJson() {
        StringBuilder out = new StringBuilder("[");
        for (Ban ban : firewall.bans()) {
            out.append(out.length() > 1 ? "," : "").append(banJson(ban));
        }
        return out.append(']').toString();
    }

    private static String banJson(Ban ban) {
        return "{\"address\":" + quote(ban.address()) + ",\"bannedAt\":"
                + quote(ban.bannedAt().toString())
                + ",\"until\":" + ban.until().map(u -> quote(u.toString())).orElse("null")
                + ",\"reason\":" + quote(ban.reason()) + "}";
    }

    private String countersJson() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Long> counter : firewall.counters().entrySet()) {
            out.append(out.length() > 1 ? "," : "")
                    .append(quote(counter.getKey()))
                    .append(':')
                    .append(counter.getValue());
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        return jakarta.json.Json.createValue(text).toString();
    }

    private static void json(HttpServletResponse response, int status, String body) throws IOException {
        write(response, status, "application/json", body);
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        write(response, status, "text/plain;charset=utf-8", body + "\n");
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
