package dev.switchboard.firewall;

import dev.switchboard.cdi.Beans;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
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
 * true, and answering only direct peers in {@code switchboard.firewall.admin.allow} (loopback by default; forwarded
 * addresses are not believed here), and only callers authenticated with the role
 * {@code switchboard.firewall.admin.role} ({@code admin} by default; 401 without credentials, 403 without the role).
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

    private static final System.Logger LOG = System.getLogger(FirewallAdminServlet.class.getName());

    private transient Firewall firewall;
    private String role;
    private String realm;

    @Override
    public void init() {
        firewall = Beans.get(Firewall.class);
        ConfigReader config = ConfigReader.standard();
        role = config.getString(ConfigKeys.FIREWALL_ADMIN_ROLE, "admin").strip();
        realm = config.getString(ConfigKeys.AUTH_REALM, "switchboard");
        if (role.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} is empty: the firewall admin API is guarded by the address"
                    + " list alone", ConfigKeys.FIREWALL_ADMIN_ROLE);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean allowed = AddressSet.literal(request.getRemoteAddr())
                .map(firewall.settings().adminAllow()::contains).orElse(false);
        if (!allowed) {
            text(response, 403, "Forbidden");
            return;
        }
        if (!role.isEmpty()) {
            if (request.getUserPrincipal() == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
                text(response, 401, "Authentication required");
                return;
            }
            if (!request.isUserInRole(role)) {
                LOG.log(System.Logger.Level.INFO, "Refused: {0} from {1} lacks role {2} for the firewall admin API",
                        dev.switchboard.log.LogSafe.of(request.getUserPrincipal().getName()), request.getRemoteAddr(), role);
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
                seconds = Long.parseLong(Optional.ofNullable(request.getParameter("seconds")).orElse("0"));
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
        return "{\"address\":" + quote(ban.address()) + ",\"bannedAt\":" + quote(ban.bannedAt().toString())
                + ",\"until\":" + ban.until().map(u -> quote(u.toString())).orElse("null")
                + ",\"reason\":" + quote(ban.reason()) + "}";
    }

    private String countersJson() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Long> counter : firewall.counters().entrySet()) {
            out.append(out.length() > 1 ? "," : "").append(quote(counter.getKey())).append(':').append(counter.getValue());
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
