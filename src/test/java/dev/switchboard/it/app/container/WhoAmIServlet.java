package dev.switchboard.it.app.container;

import dev.switchboard.api.Identity;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * {@code GET /container/whoami}, behind the container's own BASIC login: what an application servlet after
 * Switchboard's filters sees of the principal, and the roles Switchboard's identity carries.
 */
@WebServlet("/container/whoami")
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder json = Json.createObjectBuilder();
        Principal principal = request.getUserPrincipal();
        json.add("user", principal == null ? "" : principal.getName());
        json.add("remoteUser", String.valueOf(request.getRemoteUser()));
        json.add("authType", String.valueOf(request.getAuthType()));
        json.add("admin", request.isUserInRole("admin"));
        json.add("operator", request.isUserInRole("operator"));
        if (principal instanceof Identity identity) {
            json.add("method", identity.method());
            json.add(
                    "identityRoles",
                    Json.createArrayBuilder(identity.roles().stream().sorted().toList()));
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.build().toString());
    }
}
