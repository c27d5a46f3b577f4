package dev.switchboard.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The one decision of which requests open a long-lived connection: a WebSocket handshake, over HTTP/1.1 or HTTP/2,
 * and an event stream. The firewall, the authentication filter, the handshake filter, the SSE filter and the
 * forwarding filter all ask it, so that no form of handshake is a connection to one of them and a plain request to
 * another.
 */
public final class ConnectionRequests {

    private ConnectionRequests() {}

    /**
     * Tells whether a request is a WebSocket handshake: an HTTP/1.1 {@code GET} with {@code Upgrade: websocket}
     * (RFC 6455 section 4.1), or an HTTP/2 extended {@code CONNECT} (RFC 8441 section 4). The Servlet API does not
     * show the {@code :protocol} pseudo-header of the latter; section 5 requires {@code Sec-WebSocket-Version} on it,
     * and the container checks {@code :protocol} itself before it upgrades.
     *
     * @param request the request
     * @return true for a handshake
     */
    public static boolean isWebSocketHandshake(HttpServletRequest request) {
        String method = request.getMethod();
        if ("CONNECT".equals(method)) {
            return request.getProtocol() != null
                    && request.getProtocol().startsWith("HTTP/2")
                    && request.getHeader("Sec-WebSocket-Version") != null;
        }
        if (!"GET".equals(method)) {
            return false;
        }
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /**
     * Tells whether a request asks for an event stream: a {@code GET} accepting {@code text/event-stream} that is
     * not a WebSocket handshake (an h2c upgrade, the JDK client's default, is still a GET).
     *
     * @param request the request
     * @return true for an event stream
     */
    public static boolean isEventStream(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || isWebSocketHandshake(request)) {
            return false;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    /**
     * Tells whether a request opens a long-lived connection of either kind.
     *
     * @param request the request
     * @return true for a WebSocket handshake or an event stream
     */
    public static boolean opensConnection(HttpServletRequest request) {
        return isWebSocketHandshake(request) || isEventStream(request);
    }
}
