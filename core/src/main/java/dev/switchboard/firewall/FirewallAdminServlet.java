package dev.switchboard.firewall;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.web.AdminGuard;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The firewall's admin API at {@value #PATH}, installed only when {@code switchboard.firewall.admin.enabled} is
 * true, and answering only callers that pass three guards ({@link AdminGuard}), in this order:
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
    public static final String CSRF_HEADER = AdminGuard.CSRF_HEADER;

    private static final System.Logger LOG = System.getLogger(FirewallAdminServlet.class.getName());

    private transient Firewall firewall;
    private String role;
    private transient AdminGuard guard;

    @Override
    public void init() {
        // Created by the container, so the settings are looked up rather than injected.
        firewall = BeanLookup.get(Firewall.class);
        FirewallSettings settings = BeanLookup.get(FirewallSettings.class);
        role = settings.adminRole();
        guard = new AdminGuard(
                "firewall admin API",
                firewall.settings().adminAllow(),
                ConfigKeys.FIREWALL_ADMIN_ALLOW,
                role,
                false,
                settings.adminRealm());
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
        Optional<AdminGuard.Refusal> refusal = guard.check(request);
        if (refusal.isPresent()) {
            refusal.get().challenge().ifPresent(value -> response.setHeader("WWW-Authenticate", value));
            text(response, refusal.get().status(), refusal.get().message());
            return;
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
