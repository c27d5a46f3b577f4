package dev.switchboard.sse;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.http.ConnectionRequests;
import dev.switchboard.sse.internal.SseTransport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Turns a {@code GET} with {@code Accept: text/event-stream} on a WebSocket path into an SSE connection, as the
 * sgc JavaScript client expects when it falls back from WebSocket ({@code EventSource} on {@code /} or
 * {@code /<subprotocol>}). Every other request passes through untouched, including the {@code /sse} and
 * {@code /sgc/xhr} paths, which {@link SseServlet} serves.
 *
 * <p>Registered after the WebSocket handshake filter, on {@code switchboard.websocket.paths}.
 */
public final class EventStreamFilter implements jakarta.servlet.Filter {

    private SseTransport transport;

    @Override
    public void init(FilterConfig filterConfig) {
        transport = BeanLookup.get(SseTransport.class);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)
                || !ConnectionRequests.isEventStream(http)) {
            chain.doFilter(request, response);
            return;
        }
        String path = SseTransport.pathOf(http);
        if (isServletPath(path)) {
            chain.doFilter(request, response);
            return;
        }
        transport.open(http, httpResponse, SseTransport.Mode.ROOT, List.of());
    }

    private static boolean isServletPath(String path) {
        return path.equals(SseServlet.SSE_PATH)
                || path.startsWith(SseServlet.SSE_PATH + "/")
                || path.equals(SseServlet.XHR_PATH)
                || path.startsWith(SseServlet.XHR_PATH + "/");
    }
}
