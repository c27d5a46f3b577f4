package dev.switchboard.auth;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.auth.internal.TicketLimitException;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.http.BoundedBody;
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
import java.io.Reader;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The login endpoints, at {@code /auth/*}:
 * <ul>
 *   <li>{@code POST /auth/login} with a form or JSON body ({@code user} or {@code username}, and
 *       {@code password}): checks the password against the credential stores, starts a fresh HTTP session (the old
 *       one is discarded, against session fixation) and answers 200 with JSON
 *       {@code {"user","roles","ticket","ticketExpiresIn","expiresAt"}}; wrong credentials get 401, a malformed
 *       body 400, a body over {@code switchboard.auth.login.max-body-size} 413, one that takes longer than
 *       {@code switchboard.auth.login.read-timeout} to arrive 408;</li>
 *   <li>{@code POST /auth/ticket}: a new single-use connect ticket for the session's login (401 without one);</li>
 *   <li>{@code GET /auth/me}: the session's user, roles and expiry (401 without a login);</li>
 *   <li>{@code POST /auth/logout}: ends the session, withdraws its unused tickets and closes its connections with
 *       4500; 204.</li>
 * </ul>
 * With {@code switchboard.auth.sgc-urls} on it also serves the sgc token request
 * {@code GET /sgc/req/auth/session/USER/PASSWORD}: a login like {@code POST /auth/login} (a fresh session and its
 * cookie), answering the login's first ticket as plain text, the sgc session token. Logging out of that session
 * closes the connections its tokens opened.
 *
 * <p>A login or ticket request beyond the user's or the node's ticket budget
 * ({@code switchboard.auth.tickets.*}) gets 429 with {@code Retry-After}.
 */
public final class AuthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private transient Authentication authentication;
    private transient AuthSettings settings;

    /** Creates the servlet; {@link #init()} looks its collaborators up in CDI. */
    public AuthServlet() {}

    /**
     * Creates a servlet that needs nothing from CDI.
     *
     * @param authentication proves identities and issues tickets
     * @param settings       the login settings and budgets
     */
    public AuthServlet(Authentication authentication, AuthSettings settings) {
        this.authentication = authentication;
        this.settings = settings;
    }

    @Override
    public void init() {
        if (authentication == null) {
            authentication = BeanLookup.get(Authentication.class);
        }
        if (settings == null) {
            settings = BeanLookup.get(AuthSettings.class);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = AuthenticationFilter.path(request);
        if (path.startsWith(AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX)) {
            sgcToken(request, response, path);
        } else if (path.equals(AuthenticationFilter.AUTH_PATH + "/me")) {
            Optional<Identity> identity = authentication.sessionIdentity(request);
            if (identity.isEmpty()) {
                AuthenticationFilter.challenge(request, response, settings, authentication, "Not logged in", false);
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
        String type = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith(JSON) && !type.startsWith(FORM)) {
            text(response, HttpServletResponse.SC_BAD_REQUEST, "Send " + FORM + " or " + JSON);
            return;
        }
        AuthSettings.Budgets budgets = settings.budgets();
        // The body is read within a budget of bytes and of total time, so that nobody holds a login request open
        // by trickling it; the form is parsed here rather than by getParameter, which would read it unbounded.
        BoundedBody.read(
                request,
                response,
                budgets.loginMaxBodySize(),
                budgets.loginReadTimeout(),
                body -> login(request, response, type.startsWith(JSON), body));
    }

    private void login(HttpServletRequest request, HttpServletResponse response, boolean json, byte[] body)
            throws IOException {
        Credentials credentials;
        try {
            credentials = credentials(json, new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            text(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        Optional<Login> login = logIn(request, response, credentials.user(), credentials.password(), "password");
        if (login.isPresent()) {
            respond(response, login.get().identity(), login.get().ticket());
        }
    }

    /** A login that has started its session, with its first ticket. */
    private record Login(Identity identity, String ticket) {}

    /**
     * Checks a password and starts a login: its first ticket, then its session. The ticket comes first, so that a
     * login over the user's ticket budget starts no session either. A refusal is answered here (401 or 429).
     *
     * @return the login, or empty when the client has been answered with a refusal
     */
    private Optional<Login> logIn(
            HttpServletRequest request, HttpServletResponse response, String user, char[] password, String scheme)
            throws IOException {
        Identity proven;
        try {
            proven = authentication.password(
                    user, password, request, scheme, AuthenticationFilter.clientAddress(request));
        } catch (AuthenticationException e) {
            AuthenticationFilter.challenge(
                    request, response, settings, authentication, "Invalid credentials: " + e.getMessage(), false);
            return Optional.empty();
        }
        Identity identity = authentication.loginIdentity(proven);
        Optional<String> ticket = ticketOrRefusal(response, identity);
        if (ticket.isPresent()) {
            startSession(request, identity);
            return Optional.of(new Login(identity, ticket.get()));
        }
        return Optional.empty();
    }

    /** A new ticket of a login, or empty when its budget is spent and the client has been answered 429. */
    private Optional<String> ticketOrRefusal(HttpServletResponse response, Identity identity) throws IOException {
        try {
            return Optional.of(authentication.issueTicket(identity));
        } catch (TicketLimitException e) {
            tooManyTickets(response, e);
            return Optional.empty();
        }
    }

    /**
     * Starts a login session: the old session is discarded (against session fixation), a new one carries the login
     * until {@code switchboard.auth.session-max-age}.
     */
    private void startSession(HttpServletRequest request, Identity login) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(AuthenticationFilter.SESSION_IDENTITY, login);
        // The container must not drop the session before the login it carries ends.
        session.setMaxInactiveInterval(
                (int) Math.min(Integer.MAX_VALUE, settings.sessionMaxAge().toSeconds()));
    }

    private void ticket(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Identity> identity = authentication.sessionIdentity(request);
        if (identity.isEmpty()) {
            AuthenticationFilter.challenge(request, response, settings, authentication, "Not logged in", false);
            return;
        }
        respondWithTicket(response, identity.get());
    }

    private void respondWithTicket(HttpServletResponse response, Identity identity) throws IOException {
        Optional<String> ticket = ticketOrRefusal(response, identity);
        if (ticket.isPresent()) {
            respond(response, identity, ticket.get());
        }
    }

    private void respond(HttpServletResponse response, Identity identity, String ticket) throws IOException {
        JsonObjectBuilder body =
                describe(identity).add("ticket", ticket).add("ticketExpiresIn", authentication.ticketTtlSeconds());
        json(response, HttpServletResponse.SC_OK, body.build());
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) {
        authentication.logout(request.getSession(false));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void sgcToken(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (!settings.sgcUrls()) {
            text(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "sgc URL authentication is disabled (switchboard.auth.sgc-urls)");
            return;
        }
        String[] parts = path.substring(AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX.length())
                .split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            text(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "Expected " + AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX + "USER/PASSWORD");
            return;
        }
        // The canonical path is decoded once already.
        Optional<Login> login = logIn(request, response, parts[0], parts[1].toCharArray(), "url");
        if (login.isPresent()) {
            text(response, HttpServletResponse.SC_OK, login.get().ticket());
        }
    }

    /** 429: a ticket budget is spent; one of its tickets expires or is used within {@code Retry-After}. */
    private static void tooManyTickets(HttpServletResponse response, TicketLimitException e) throws IOException {
        response.setHeader("Retry-After", String.valueOf(e.retryAfter().toSeconds()));
        text(response, 429, e.getMessage());
    }

    private static JsonObjectBuilder describe(Identity identity) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        identity.roles().stream().sorted().forEach(roles::add);
        JsonObjectBuilder body =
                Json.createObjectBuilder().add("user", identity.name()).add("roles", roles);
        identity.expiresAt().ifPresent(end -> body.add("expiresAt", end.toString()));
        return body;
    }

    private record Credentials(String user, char[] password) {}

    private static Credentials credentials(boolean json, String body) {
        String user;
        String password;
        if (json) {
            JsonObject object;
            try (Reader reader = new StringReader(body)) {
                JsonValue value = Json.createReader(reader).readValue();
                if (!(value instanceof JsonObject parsed)) {
                    throw new IllegalArgumentException("Expected a JSON object with user and password");
                }
                object = parsed;
            } catch (JsonException | IOException e) {
                throw new IllegalArgumentException("Malformed JSON body");
            }
            user = string(object, "user").or(() -> string(object, "username")).orElse(null);
            password = string(object, "password").orElse(null);
        } else {
            Map<String, String> form = form(body);
            user = Optional.ofNullable(form.get("user")).orElse(form.get("username"));
            password = form.get("password");
        }
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("Both user and password are required");
        }
        return new Credentials(user, password.toCharArray());
    }

    /** The first value of each field of a form body; percent-encoding is UTF-8, as browsers send it. */
    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Malformed form body");
            }
        }
        return fields;
    }

    private static Optional<String> string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
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
