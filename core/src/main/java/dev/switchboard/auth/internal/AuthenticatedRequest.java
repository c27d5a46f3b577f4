package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.api.RequestPath;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A request as the filters and servlets after authentication see it: the principal is Switchboard's
 * {@link Identity}, roles answer from it, and what carried the credential in the URL is gone (a {@code ticket}
 * query parameter; an sgc credential path prefix), so the connection's recorded URI and any access log after
 * this point hold no secrets.
 *
 * <p>When the identity stands for a principal the container authenticated itself, the container keeps answering
 * {@code isUserInRole}, {@code getRemoteUser} and {@code getAuthType}: the application's own servlets and
 * security constraints after this filter see no difference, while Switchboard's connection sees the identity.
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final Identity identity;
    private final String queryString;
    private final String strippedPrefix;
    private final boolean containerDecides;

    /**
     * Wraps a request whose identity Switchboard proved.
     *
     * @param request        the request
     * @param identity       the identity it proved
     * @param queryString    the query string to show (the original without credentials), or null for none
     * @param strippedPrefix a credential path prefix to remove from the request path, or null
     */
    public AuthenticatedRequest(
            HttpServletRequest request, Identity identity, String queryString, String strippedPrefix) {
        this(request, identity, queryString, strippedPrefix, false);
    }

    private AuthenticatedRequest(
            HttpServletRequest request,
            Identity identity,
            String queryString,
            String strippedPrefix,
            boolean containerDecides) {
        super(request);
        this.identity = identity;
        this.queryString = queryString;
        this.strippedPrefix = strippedPrefix;
        this.containerDecides = containerDecides;
    }

    /**
     * Wraps a request the container authenticated, with the identity made of its principal.
     *
     * @param request  the request
     * @param identity the identity of the container's principal
     * @return the wrapped request
     */
    public static AuthenticatedRequest ofContainer(HttpServletRequest request, Identity identity) {
        return new AuthenticatedRequest(request, identity, request.getQueryString(), null, true);
    }

    /**
     * The identity.
     *
     * @return the identity
     */
    public Identity identity() {
        return identity;
    }

    @Override
    public Principal getUserPrincipal() {
        return identity;
    }

    @Override
    public String getRemoteUser() {
        return containerDecides ? super.getRemoteUser() : identity.name();
    }

    @Override
    public boolean isUserInRole(String role) {
        if (containerDecides) {
            return super.isUserInRole(role);
        }
        return role != null && (identity.hasRole(role) || "**".equals(role));
    }

    @Override
    public String getAuthType() {
        if (containerDecides) {
            return super.getAuthType();
        }
        return "basic".equals(identity.method())
                ? BASIC_AUTH
                : "SWITCHBOARD_"
                        + identity.method().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    @Override
    public String getQueryString() {
        return queryString;
    }

    @Override
    public String getRequestURI() {
        return strip(super.getRequestURI(), getContextPath());
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = super.getRequestURL();
        if (strippedPrefix == null) {
            return url;
        }
        String full = url.toString();
        int authorityEnd = full.indexOf('/', full.indexOf("//") + 2);
        if (authorityEnd < 0) {
            return url;
        }
        return new StringBuffer(full.substring(0, authorityEnd)).append(getRequestURI());
    }

    @Override
    public String getServletPath() {
        String path = super.getServletPath();
        if (strippedPrefix == null) {
            return path;
        }
        // Under a "/*" mapping the servlet path is empty and the path info carries the path.
        return path.startsWith(strippedPrefix) ? orRoot(path.substring(strippedPrefix.length())) : path;
    }

    @Override
    public String getPathInfo() {
        String info = super.getPathInfo();
        if (strippedPrefix == null || info == null || !info.startsWith(strippedPrefix)) {
            return info;
        }
        return orRoot(info.substring(strippedPrefix.length()));
    }

    private String strip(String uri, String contextPath) {
        if (strippedPrefix == null) {
            return uri;
        }
        // The prefix was found in the canonical path; the raw URI may spell it differently, so the rest is taken
        // from the canonical path and encoded again.
        String canonical = RequestPath.of((HttpServletRequest) getRequest());
        if (!canonical.startsWith(strippedPrefix)) {
            return uri;
        }
        return contextPath + RequestPath.encode(orRoot(canonical.substring(strippedPrefix.length())));
    }

    private static String orRoot(String path) {
        return path.isEmpty() ? "/" : path;
    }
}
