package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import java.net.URI;
import java.util.Locale;

/** Builds upstream URIs from a route, an upstream base and the request's path and query. */
public final class Targets {

    private Targets() {}

    /**
     * The upstream URI of a request.
     *
     * @param route     the route
     * @param base      the upstream base URI
     * @param remainder what {@link Route#remainder} returned for the canonical request path
     * @param rawQuery  the request's query string, not decoded, or null
     * @param webSocket whether the URI is for a WebSocket handshake ({@code ws}/{@code wss} scheme) or for HTTP
     * @return the target
     * @throws Route.RouteEscapeException when the path would leave the upstream's base path
     */
    public static URI target(Route route, URI base, String remainder, String rawQuery, boolean webSocket) {
        URI scheme = webSocket ? wsBase(base) : httpBase(base);
        String path = route.upstreamPath(base.getRawPath() == null ? "" : base.getRawPath(), remainder);
        return URI.create(
                scheme.getScheme() + "://" + base.getRawAuthority() + path + (rawQuery == null ? "" : "?" + rawQuery));
    }

    /**
     * The base with an HTTP scheme ({@code ws} becomes {@code http}, {@code wss} {@code https}).
     *
     * @param base an upstream base
     * @return the HTTP form
     */
    public static URI httpBase(URI base) {
        return withScheme(
                base,
                switch (base.getScheme().toLowerCase(Locale.ROOT)) {
                    case "ws", "http" -> "http";
                    default -> "https";
                });
    }

    /**
     * The base with a WebSocket scheme ({@code http} becomes {@code ws}, {@code https} {@code wss}).
     *
     * @param base an upstream base
     * @return the WebSocket form
     */
    public static URI wsBase(URI base) {
        return withScheme(
                base,
                switch (base.getScheme().toLowerCase(Locale.ROOT)) {
                    case "ws", "http" -> "ws";
                    default -> "wss";
                });
    }

    private static URI withScheme(URI base, String scheme) {
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        return URI.create(scheme + "://" + base.getRawAuthority() + path);
    }
}
