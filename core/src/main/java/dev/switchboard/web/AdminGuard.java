package dev.switchboard.web;

import dev.switchboard.firewall.AddressSet;
import dev.switchboard.http.PasswordChallenge;
import dev.switchboard.log.LogSafe;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The guards in front of an operator API (the firewall's admin API and the admin REST API), checked in this order:
 * <ol>
 *   <li><b>Address</b>: with an address list, the direct peer is in it and the request carries no forwarding header
 *       at all ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}, {@code Via}, ...). A reverse proxy on
 *       the same host has a loopback address too; the headers it adds are what tell its requests from a local
 *       caller's, so any of them refuses the request (403). Without a list ({@code *}) the role alone guards, which
 *       is how an API is reached through a proxy.</li>
 *   <li><b>Cross-site defence</b> for every method but {@code GET}, {@code HEAD} and {@code OPTIONS}: the header
 *       {@value #CSRF_HEADER}{@code : 1} is required (a cross-site form or fetch cannot add it without a CORS
 *       preflight, which these APIs never grant), and an {@code Origin} (or, without it, a {@code Referer}) naming
 *       another host or port is refused (403). Browsers send Basic credentials on cross-site requests on their own,
 *       so the role alone does not stop a forged POST.</li>
 *   <li><b>Role</b>: the caller is authenticated with the role (401 without credentials, 403 without the role).
 *       The 401 challenges with {@code Basic}, or with {@code Session} when a page's script made the request
 *       ({@link PasswordChallenge}), so that the page's own sign-in form is not covered by the browser's
 *       dialog.</li>
 * </ol>
 * An empty role is refused outright (403) when the API requires a role, or when there is no address list either,
 * since the API would otherwise be open to everyone.
 */
public final class AdminGuard {

    /** Header every state-changing request must carry with the value {@code 1}. */
    public static final String CSRF_HEADER = PasswordChallenge.ADMIN_PAGE_HEADER;

    /**
     * Why a request was refused.
     *
     * @param status    the HTTP status: 401 or 403
     * @param error     a short code for a JSON answer ({@code unauthenticated}, {@code forbidden}, {@code cross-site})
     * @param message   the human text, which the firewall admin API answers as it is
     * @param challenge the {@code WWW-Authenticate} value with a 401, else empty
     */
    public record Refusal(int status, String error, String message, Optional<String> challenge) {

        /** Validates. */
        public Refusal {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(challenge, "challenge");
        }
    }

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

    private static final System.Logger LOG = System.getLogger(AdminGuard.class.getName());

    private final String api;
    private final AddressSet allow;
    private final String allowKey;
    private final String role;
    private final boolean roleRequired;
    private final String realm;

    /**
     * Creates the guard of one API.
     *
     * @param api          the API's name in log lines ({@code firewall admin API})
     * @param allow        the direct peers allowed; empty for any address
     * @param allowKey     the configuration key of the list, for log lines
     * @param role         the role the caller must have; empty for none
     * @param roleRequired whether an empty role refuses every request even with an address list
     * @param realm        the realm the challenge names
     */
    public AdminGuard(String api, AddressSet allow, String allowKey, String role, boolean roleRequired, String realm) {
        this.api = Objects.requireNonNull(api, "api");
        this.allow = Objects.requireNonNull(allow, "allow");
        this.allowKey = Objects.requireNonNull(allowKey, "allowKey");
        this.role = Objects.requireNonNull(role, "role");
        this.roleRequired = roleRequired;
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    /**
     * Whether the configuration leaves the API shut to everyone (an empty role where one is needed).
     *
     * @return true when every request is refused
     */
    public boolean shut() {
        return role.isEmpty() && (roleRequired || allow.isEmpty());
    }

    /**
     * Checks a request against the guards.
     *
     * @param request the request
     * @return the refusal, or empty when the caller may go on
     */
    public Optional<Refusal> check(HttpServletRequest request) {
        if (shut()) {
            return Optional.of(forbidden(
                    "forbidden",
                    roleRequired
                            ? "Forbidden: the admin API has no role configured"
                            : "Forbidden: the admin API has neither an address list nor a role"));
        }
        if (!allow.isEmpty()) {
            Optional<String> forwarding = forwardingHeader(request);
            boolean peerAllowed = AddressSet.literal(request.getRemoteAddr())
                    .map(allow::contains)
                    .orElse(false);
            if (forwarding.isPresent() || !peerAllowed) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused a request to the {0} from {1}: {2}",
                        api,
                        request.getRemoteAddr(),
                        forwarding
                                .map(h -> "it came through a proxy (" + LogSafe.of(h) + ")")
                                .orElse("the peer is not in " + allowKey));
                return Optional.of(forbidden("forbidden", "Forbidden"));
            }
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            Optional<String> crossSite = crossSite(request);
            if (crossSite.isPresent()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused a {0} to the {1} from {2}: {3}",
                        LogSafe.of(request.getMethod()),
                        api,
                        request.getRemoteAddr(),
                        LogSafe.of(crossSite.get()));
                return Optional.of(forbidden("cross-site", "Forbidden: " + crossSite.get()));
            }
        }
        if (!role.isEmpty()) {
            if (request.getUserPrincipal() == null) {
                return Optional.of(new Refusal(
                        401,
                        "unauthenticated",
                        "Authentication required",
                        Optional.of(PasswordChallenge.of(request, realm))));
            }
            if (!request.isUserInRole(role)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused: {0} from {1} lacks role {2} for the {3}",
                        LogSafe.of(request.getUserPrincipal().getName()),
                        request.getRemoteAddr(),
                        role,
                        api);
                return Optional.of(forbidden("forbidden", "Forbidden: role " + role + " required"));
            }
        }
        return Optional.empty();
    }

    private static Refusal forbidden(String error, String message) {
        return new Refusal(403, error, message, Optional.empty());
    }

    /**
     * The first forwarding header a request carries, if any.
     *
     * @param request the request
     * @return the header's name as sent
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

    /**
     * Why a state-changing request may be cross-site.
     *
     * @param request the request
     * @return the reason, or empty when it carries the header and names no other site
     */
    public static Optional<String> crossSite(HttpServletRequest request) {
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
        if (host == null && request.getServerName() != null) {
            // HTTP/2 carries the authority as a pseudo-header, which the container reports as the server name.
            host = request.getServerName() + ":" + request.getServerPort();
        }
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
}
