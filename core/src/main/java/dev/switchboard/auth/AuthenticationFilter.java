package dev.switchboard.auth;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.api.RequestPath;
import dev.switchboard.auth.internal.AuthenticatedRequest;
import dev.switchboard.auth.internal.ContainerCredentialStore;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.http.ConnectionRequests;
import dev.switchboard.http.PasswordChallenge;
import dev.switchboard.log.LogSafe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Second filter of Switchboard's chain, after the firewall: establishes who a request is before any handshake,
 * stream or forwarded route sees it.
 *
 * <p>Credentials, in the order they are looked for (the first one present decides; a wrong one is a 401 even when
 * a valid login session exists, because the client asked to be someone in particular):
 * <ol>
 *   <li>the sgc URL forms {@code /sgc/auth/session/TOKEN} and {@code /sgc/auth/url/USER/PASSWORD}, only when
 *       {@code switchboard.auth.sgc-urls} is on (otherwise such paths get 404, so a password in a URL is never
 *       silently accepted as an anonymous connection);</li>
 *   <li>a {@code ticket} query parameter (single use, from {@code POST /auth/login} or {@code /auth/ticket});</li>
 *   <li>{@code Authorization: Bearer} (a JWT, when a key is configured);</li>
 *   <li>a principal the container has already authenticated with its own login configuration (BASIC, FORM,
 *       CLIENT-CERT, single sign-on): its check stands, and its roles are those of
 *       {@code switchboard.auth.container.roles} that {@code isUserInRole} confirms;</li>
 *   <li>{@code Authorization: Basic} (when a credential store is enabled); other schemes, and Bearer and Basic when
 *       Switchboard is not configured for them, are left to the container's own security;</li>
 *   <li>the login session's cookie.</li>
 * </ol>
 * An authenticated request continues wrapped, so {@code getUserPrincipal()} is the {@link Identity} and
 * {@code isUserInRole} answers from its roles. Without credentials a request continues as it came, unless it needs
 * a principal: WebSocket handshakes and SSE requests when {@code switchboard.auth.required} is on, and the
 * {@code switchboard.auth.protected-paths} always; those get 401 with a {@code WWW-Authenticate} challenge.
 * {@code /auth/*} (login, logout, tickets) passes untouched: its servlet does its own checks.
 */
public final class AuthenticationFilter implements jakarta.servlet.Filter {

    /** Request attribute in which the firewall filter leaves the resolved client address. */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.switchboard.firewall.client-address";
    /** Session attribute holding the login's {@link Identity}. */
    public static final String SESSION_IDENTITY = "dev.switchboard.auth.identity";
    /** Path of the login servlet. */
    public static final String AUTH_PATH = "/auth";
    /** Prefix of the sgc session-token URL form. */
    public static final String SGC_SESSION_PREFIX = "/sgc/auth/session/";
    /** Prefix of the sgc user/password URL form. */
    public static final String SGC_URL_PREFIX = "/sgc/auth/url/";
    /** Prefix of the sgc token request, served by the login servlet. */
    public static final String SGC_TOKEN_REQUEST_PREFIX = "/sgc/req/auth/session/";

    private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());
    /** The request attribute holding a verified TLS client certificate chain (Servlet 6, section 3.10). */
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final List<String> streamPaths;
    private final String postKeyHeader;
    private final Predicate<String> protectedRoutes;
    private Authentication authentication;
    private AuthSettings settings;

    /**
     * Creates the filter.
     *
     * @param streamPaths       path prefixes of the SSE transport, which need a principal when authentication is
     *                          required even without an {@code Accept: text/event-stream} header (message POSTs)
     * @param postKeyHeader     the header with which a message POST presents its stream's post key instead of a
     *                          principal; the SSE transport checks it
     * @param protectedRoutes   tells which other paths always need a principal besides
     *                          {@code switchboard.auth.protected-paths} (forwarding routes with {@code auth=required})
     */
    public AuthenticationFilter(List<String> streamPaths, String postKeyHeader, Predicate<String> protectedRoutes) {
        this.streamPaths = List.copyOf(streamPaths);
        this.postKeyHeader = postKeyHeader;
        this.protectedRoutes = protectedRoutes;
    }

    /**
     * Creates a filter that needs nothing from CDI.
     *
     * @param streamPaths     as for {@link #AuthenticationFilter(List, String, Predicate)}
     * @param postKeyHeader   as for {@link #AuthenticationFilter(List, String, Predicate)}
     * @param protectedRoutes as for {@link #AuthenticationFilter(List, String, Predicate)}
     * @param authentication  proves identities
     * @param settings        the authentication settings
     */
    public AuthenticationFilter(
            List<String> streamPaths,
            String postKeyHeader,
            Predicate<String> protectedRoutes,
            Authentication authentication,
            AuthSettings settings) {
        this(streamPaths, postKeyHeader, protectedRoutes);
        this.authentication = authentication;
        this.settings = settings;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (authentication == null) {
            authentication = BeanLookup.get(Authentication.class);
        }
        if (settings == null) {
            settings = BeanLookup.get(AuthSettings.class);
        }
        // The bean is created now, not at the first request, so that a misconfiguration (the JWT keys, a ticket
        // store without its DataSource) fails the deployment.
        authentication.settings();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            chain.doFilter(request, response);
            return;
        }
        String path = path(http);
        if (path.equals(AUTH_PATH) || path.startsWith(AUTH_PATH + "/") || path.startsWith(SGC_TOKEN_REQUEST_PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        String client = clientAddress(http);
        Identity identity;
        String strippedPrefix = null;
        String query = http.getQueryString();
        boolean bearer = false;
        boolean fromContainer = false;
        try {
            if (path.startsWith(SGC_SESSION_PREFIX) || path.startsWith(SGC_URL_PREFIX)) {
                if (!settings.sgcUrls()) {
                    text(
                            out,
                            HttpServletResponse.SC_NOT_FOUND,
                            "sgc URL authentication is disabled" + " (switchboard.auth.sgc-urls)");
                    return;
                }
                SgcPath sgc = SgcPath.parse(path);
                if (sgc == null) {
                    text(out, HttpServletResponse.SC_BAD_REQUEST, "Malformed sgc authentication path");
                    return;
                }
                strippedPrefix = sgc.prefix();
                identity = sgc.token() != null
                        ? authentication.ticket(sgc.token(), "session-token", client)
                        : passwordIdentity(sgc.user(), sgc.password(), http, "url", client);
            } else {
                Optional<String> ticket = queryParameter(query, "ticket");
                String authorization = http.getHeader("Authorization");
                if (ticket.isPresent()) {
                    query = withoutParameter(query, "ticket");
                    identity = authentication.ticket(ticket.get(), "ticket", client);
                } else if (hasScheme(authorization, "Bearer") && authentication.bearerEnabled()) {
                    bearer = true;
                    identity = authentication.bearer(authorization.substring(7).strip(), client);
                } else if (http.getUserPrincipal() != null) {
                    // The container authenticated the request before any filter ran; asking the stores about
                    // the same Basic header again would refuse its users, whom only the container knows.
                    identity = containerIdentity(http, settings);
                    fromContainer = true;
                } else if (hasScheme(authorization, "Basic") && settings.basic() && authentication.passwordsEnabled()) {
                    identity = basic(authorization.substring(6).strip(), http, client);
                } else if (http.getAttribute(CERTIFICATES) instanceof X509Certificate[] certificates
                        && certificates.length > 0
                        && authentication.clientCertificatesEnabled()) {
                    // Present only when the TLS layer asked for and verified the certificate against its trust store.
                    identity = authentication.clientCertificate(certificates, client);
                } else {
                    identity = authentication.sessionIdentity(http).orElse(null);
                }
            }
        } catch (AuthenticationException e) {
            // RFC 6750 section 3.1: invalid_token only answers a token that was presented.
            challenge(http, out, settings, "Invalid credentials: " + e.getMessage(), bearer);
            return;
        }
        if (identity == null) {
            if (needsPrincipal(http, path, settings) && http.getUserPrincipal() == null) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Unauthenticated {0} {1} from {2} refused",
                        LogSafe.of(http.getMethod()),
                        LogSafe.of(path),
                        LogSafe.of(client));
                challenge(http, out, settings, "Authentication required", false);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(
                fromContainer
                        ? AuthenticatedRequest.ofContainer(http, identity)
                        : new AuthenticatedRequest(http, identity, query, strippedPrefix),
                response);
    }

    private Identity basic(String encoded, HttpServletRequest http, String client) throws AuthenticationException {
        return authentication.basic(encoded, http, client);
    }

    /**
     * The identity of the principal the container authenticated, with the configured roles it confirms; after a
     * {@code CLIENT_CERT} login it expires with the certificate.
     */
    private static Identity containerIdentity(HttpServletRequest http, AuthSettings settings) {
        Principal principal = http.getUserPrincipal();
        if (principal instanceof Identity identity) {
            return identity;
        }
        Identity identity = ContainerCredentialStore.identityOf(principal, http, settings.containerRoles());
        // A certificate login proves no more than the certificate does: a connection must not outlive it, as it
        // cannot outlive a certificate Switchboard maps itself.
        if (HttpServletRequest.CLIENT_CERT_AUTH.equals(http.getAuthType())
                && http.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain
                && chain.length > 0) {
            return identity.withProof(
                    identity.method(), Optional.of(chain[0].getNotAfter().toInstant()));
        }
        return identity;
    }

    private Identity passwordIdentity(
            String user, String password, HttpServletRequest http, String scheme, String client)
            throws AuthenticationException {
        return authentication
                .password(user, password.toCharArray(), http, scheme, client)
                .withProof(scheme, Optional.empty());
    }

    private boolean needsPrincipal(HttpServletRequest http, String path, AuthSettings settings) {
        if ("OPTIONS".equals(http.getMethod())) {
            // A CORS preflight never carries credentials (Fetch standard); refusing it would break the real request.
            return false;
        }
        if (settings.isProtected(path) || protectedRoutes.test(path)) {
            return true;
        }
        if (!settings.required()) {
            return false;
        }
        if (ConnectionRequests.opensConnection(http)) {
            return true;
        }
        if (!AuthSettings.underAny(path, streamPaths)) {
            return false;
        }
        // A message POST may prove its stream's principal with the stream's post key instead (a ticket is spent
        // once the stream has opened); the SSE transport checks the key.
        return !("POST".equals(http.getMethod()) && http.getHeader(postKeyHeader) != null);
    }

    /**
     * Answers 401 with one challenge per scheme that could succeed here (RFC 9110 section 11.6.1), and a short
     * plain-text body. A script's request gets {@code Session} where others get {@code Basic}
     * ({@link PasswordChallenge}), so that a page's sign-in form is not covered by the browser's password dialog.
     */
    static void challenge(
            HttpServletRequest request,
            HttpServletResponse out,
            AuthSettings settings,
            Authentication authentication,
            String body,
            boolean invalidToken)
            throws IOException {
        List<String> challenges = new ArrayList<>();
        if (authentication.bearerEnabled()) {
            challenges.add(
                    "Bearer realm=\"" + settings.realm() + "\"" + (invalidToken ? ", error=\"invalid_token\"" : ""));
        }
        if (settings.basic() && authentication.passwordsEnabled()) {
            challenges.add(PasswordChallenge.of(request, settings.realm()));
        }
        if (challenges.isEmpty()) {
            // A 401 must carry a challenge; the login servlet's session is the one way left.
            challenges.add(PasswordChallenge.session(settings.realm()));
        }
        for (String challenge : challenges) {
            out.addHeader("WWW-Authenticate", challenge);
        }
        text(out, HttpServletResponse.SC_UNAUTHORIZED, body);
    }

    private void challenge(
            HttpServletRequest request,
            HttpServletResponse out,
            AuthSettings settings,
            String body,
            boolean invalidToken)
            throws IOException {
        challenge(request, out, settings, authentication, body, invalidToken);
    }

    /**
     * Answers with a one-line plain-text body that no cache keeps.
     *
     * @param out    the response
     * @param status the status
     * @param body   the text
     * @throws IOException when writing fails
     */
    static void text(HttpServletResponse out, int status, String body) throws IOException {
        out.setStatus(status);
        out.setHeader("Cache-Control", "no-store");
        out.setContentType("text/plain;charset=utf-8");
        out.getWriter().write(body + "\n");
    }

    private static boolean hasScheme(String authorization, String scheme) {
        return authorization != null
                && authorization.length() > scheme.length()
                && authorization.regionMatches(true, 0, scheme, 0, scheme.length())
                && authorization.charAt(scheme.length()) == ' ';
    }

    /**
     * The client address as the firewall resolved it, else the direct peer.
     *
     * @param request the request
     * @return the address literal
     */
    static String clientAddress(HttpServletRequest request) {
        return request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE) instanceof String resolved
                ? resolved
                : request.getRemoteAddr();
    }

    /**
     * The request's canonical path after the context path ({@link RequestPath}): every path decision here reads it.
     *
     * @param request the request
     * @return the path, "/" at least
     */
    static String path(HttpServletRequest request) {
        return RequestPath.of(request);
    }

    /** Reads one parameter from the raw query string, so a form body is never consumed here. */
    static Optional<String> queryParameter(String query, String name) {
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return Optional.of("");
                }
            }
        }
        return Optional.empty();
    }

    /** The query string without one parameter; null when nothing is left. */
    static String withoutParameter(String query, String name) {
        StringBuilder kept = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!key.equals(name) && !pair.isEmpty()) {
                if (!kept.isEmpty()) {
                    kept.append('&');
                }
                kept.append(pair);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * A parsed sgc credential path: {@code /sgc/auth/session/TOKEN[/rest]} or
     * {@code /sgc/auth/url/USER/PASSWORD[/rest]}, read from the canonical (decoded) path, so a user name or password
     * cannot contain {@code /}, {@code \} or {@code %} in this form; {@code prefix} is what the wrapped request
     * hides.
     */
    record SgcPath(String prefix, String token, String user, String password) {

        static SgcPath parse(String path) {
            boolean session = path.startsWith(SGC_SESSION_PREFIX);
            String rest = path.substring((session ? SGC_SESSION_PREFIX : SGC_URL_PREFIX).length());
            String[] parts = rest.split("/", -1);
            int needed = session ? 1 : 2;
            if (parts.length < needed) {
                return null;
            }
            for (int i = 0; i < needed; i++) {
                if (parts[i].isEmpty()) {
                    return null;
                }
            }
            String consumed = String.join("/", java.util.Arrays.copyOf(parts, needed));
            String prefix = (session ? SGC_SESSION_PREFIX : SGC_URL_PREFIX) + consumed;
            // The canonical path is decoded already; decoding again would let "%2525" become "%".
            if (session) {
                return new SgcPath(prefix, parts[0], null, null);
            }
            return new SgcPath(prefix, null, parts[0], parts[1]);
        }
    }
}
