package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The decisions of a forwarded exchange that an application may change: the forwarding filter's overridable hooks,
 * as the HTTP exchange and the relay call them.
 */
public interface ProxyHooks {

    /**
     * The upstream URI of a request.
     *
     * @param request   the client's request
     * @param route     the matched route
     * @param upstream  the chosen upstream base
     * @param remainder the canonical path after the prefix (decoded)
     * @param webSocket whether a WebSocket URI is wanted
     * @return the target
     */
    URI rewriteTarget(HttpServletRequest request, Route route, URI upstream, String remainder, boolean webSocket);

    /**
     * Copies the client's headers to the upstream request.
     *
     * @param request the client's request
     * @param target  receives each header name and value
     */
    void copyRequestHeaders(HttpServletRequest request, BiConsumer<String, String> target);

    /**
     * Adds the headers that name the client to the upstream.
     *
     * @param request the client's request
     * @param target  receives each header name and value
     */
    void addForwardedHeaders(HttpServletRequest request, BiConsumer<String, String> target);

    /**
     * Filters one upstream response header.
     *
     * @param request  the client's request
     * @param route    the route
     * @param upstream the upstream base that answered
     * @param name     the header name
     * @param value    the header value
     * @return the value to send, or null to drop the header
     */
    String filterResponseHeader(HttpServletRequest request, Route route, URI upstream, String name, String value);

    /**
     * Answers a failed exchange.
     *
     * @param request  the client's request
     * @param response the client's response
     * @param route    the route
     * @param upstream the upstream base that failed
     * @param failure  what went wrong
     * @throws IOException when the response cannot be written
     */
    void onUpstreamFailure(
            HttpServletRequest request, HttpServletResponse response, Route route, URI upstream, Throwable failure)
            throws IOException;

    /**
     * Emits every header the upstream request carries from the client: the copied ones without the credentials
     * Switchboard consumed (unless the route passes them), then the forwarding headers.
     *
     * @param request the client's request
     * @param route   the route
     * @param target  receives each header name and value
     */
    default void upstreamHeaders(HttpServletRequest request, Route route, BiConsumer<String, String> target) {
        BiConsumer<String, String> copied = target;
        if (!route.passCredentials()) {
            String sessionCookie = Optional.ofNullable(
                            request.getServletContext().getSessionCookieConfig().getName())
                    .orElse("JSESSIONID");
            copied = ForwardHeaders.withoutCredentials(sessionCookie, target);
        }
        copyRequestHeaders(request, copied);
        addForwardedHeaders(request, target);
    }
}
