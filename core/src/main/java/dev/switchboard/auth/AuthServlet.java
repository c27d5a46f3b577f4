package dev.switchboard.auth;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.cdi.Beans;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The login endpoints, at {@code /auth/*}:
 * <ul>
 *   <li>{@code POST /auth/login} with a form or JSON body ({@code user} or {@code username}, and
 *       {@code password}): checks the password against the credential stores, starts a fresh HTTP session (the old
 *       one is discarded, against session fixation) and answers 200 with JSON
 *       {@code {"user","roles","ticket","ticketExpiresIn","expiresAt"}}; wrong credentials get 401, a malformed
 *       body 400;</li>
 *   <li>{@code POST /auth/ticket}: a new single-use connect ticket for the session's login (401 without one);</li>
 *   <li>{@code GET /auth/me}: the session's user, roles and expiry (401 without a login);</li>
 *   <li>{@code POST /auth/logout}: ends the session, withdraws its unused tickets and closes its connections with
 *       4500; 204.</li>
 * </ul>
 * With {@code switchboard.auth.sgc-urls} on it also serves the sgc token request
 * {@code GET /sgc/req/auth/session/USER/PASSWORD}, answering the token as plain text.
 */
public final class AuthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 8192;

    private transient Authentication authentication;

    @Override
    public void init() {
        authentication = Beans.get(Authentication.class);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = AuthenticationFilter.path(request);
        if (path.startsWith(AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX)) {
            sgcToken(request, response, path);
        } else if (path.equals(AuthenticationFilter.AUTH_PATH + "/me")) {
            Optional<Identity> identity = authentication.sessionIdentity(request);
            if (identity.isEmpty()) {
                AuthenticationFilter.challenge(response, authentication.settings(), authentication, "Not logged in",
                        false);
                return;
            }
            json(response, HttpServletResponse.SC_OK, describe(identity.get()).build());
        } else {
            methodNotAllowed(response, "POST");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = AuthenticationFilter.path(request);
        switch (path) {
            case AuthenticationFilter.AUTH_PATH + "/login" -> login(request, response);
            case AuthenticationFilter.AUTH_PATH + "/logout" -> logout(request, response);
            case AuthenticationFilter.AUTH_PATH + "/ticket" -> ticket(request, response);
            default -> text(response, HttpServletResponse.SC_NOT_FOUND, "No such endpoint: " + path);
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Credentials credentials;
        try {
            credentials = credentials(request);
        } catch (IllegalArgumentException e) {
            text(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        Identity proven;
        try {
            proven = authentication.password(credentials.user(), credentials.password(), request, "password",
                    AuthenticationFilter.clientAddress(request));
        } catch (AuthenticationException e) {
            AuthenticationFilter.challenge(response, authentication.settings(), authentication,
                    "Invalid credentials: " + e.getMessage(), false);
            return;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        Identity identity = authentication.loginIdentity(proven);
        session.setAttribute(AuthenticationFilter.SESSION_IDENTITY, identity);
        // The container must not drop the session before the login it carries ends.
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE,
                authentication.settings().sessionMaxAge().toSeconds()));
        respondWithTicket(response, identity);
    }

    private void ticket(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Identity> identity = authentication.sessionIdentity(request);
        if (identity.isEmpty()) {
            AuthenticationFilter.challenge(response, authentication.settings(), authentication, "Not logged in",
                    false);
            return;
        }
        respondWithTicket(response, identity.get());
    }

    private void respondWithTicket(HttpServletResponse response, Identity identity) throws IOException {
        String ticket;
        try {
            ticket = authentication.issueTicket(identity);
        } catch (IllegalStateException e) {
            response.setHeader("Retry-After", String.valueOf(authentication.ticketTtlSeconds()));
            text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            return;
        }
        JsonObjectBuilder body = describe(identity)
                .add("ticket", ticket)
                .add("ticketExpiresIn", authentication.ticketTtlSeconds());
        json(response, HttpServletResponse.SC_OK, body.build());
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) {
        authentication.logout(request.getSession(false));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void sgcToken(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (!authentication.settings().sgcUrls()) {
            text(response, HttpServletResponse.SC_NOT_FOUND,
                    "sgc URL authentication is disabled (switchboard.auth.sgc-urls)");
            return;
        }
        String[] parts = path.substring(AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            text(response, HttpServletResponse.SC_BAD_REQUEST,
                    "Expected " + AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX + "USER/PASSWORD");
            return;
        }
        // The canonical path is decoded once already.
        String user = parts[0];
        String password = parts[1];
        Identity proven;
        try {
            proven = authentication.password(user, password.toCharArray(), request, "url",
                    AuthenticationFilter.clientAddress(request));
        } catch (AuthenticationException e) {
            AuthenticationFilter.challenge(response, authentication.settings(), authentication,
                    "Invalid credentials: " + e.getMessage(), false);
            return;
        }
        String token = authentication.issueTicket(authentication.loginIdentity(proven));
        text(response, HttpServletResponse.SC_OK, token);
    }

    private static JsonObjectBuilder describe(Identity identity) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        identity.roles().stream().sorted().forEach(roles::add);
        JsonObjectBuilder body = Json.createObjectBuilder().add("user", identity.name()).add("roles", roles);
        identity.expiresAt().ifPresent(end -> body.add("expiresAt", end.toString()));
        return body;
    }

    private record Credentials(String user, char[] password) {
    }

    private static Credentials credentials(HttpServletRequest request) throws IOException {
        String type = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        String user;
        String password;
        if (type.startsWith("application/json")) {
            JsonObject body;
            try (Reader reader = new StringReader(readBody(request))) {
                JsonValue value = Json.createReader(reader).readValue();
                if (!(value instanceof JsonObject object)) {
                    throw new IllegalArgumentException("Expected a JSON object with user and password");
                }
                body = object;
            } catch (JsonException e) {
                throw new IllegalArgumentException("Malformed JSON body");
            }
            user = string(body, "user").or(() -> string(body, "username")).orElse(null);
            password = string(body, "password").orElse(null);
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            user = Optional.ofNullable(request.getParameter("user")).orElse(request.getParameter("username"));
            password = request.getParameter("password");
        } else {
            throw new IllegalArgumentException("Send application/x-www-form-urlencoded or application/json");
        }
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("Both user and password are required");
        }
        return new Credentials(user, password.toCharArray());
    }

    private static Optional<String> string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }

    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("Login body larger than " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void methodNotAllowed(HttpServletResponse response, String allowed) throws IOException {
        response.setHeader("Allow", allowed);
        text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Use " + allowed);
    }

    private static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.toString());
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        AuthenticationFilter.text(response, status, body);
    }
}
