package dev.switchboard.sse;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.sse.internal.SseTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The SSE endpoints, an asynchronous servlet mapped to {@code /sse}, {@code /sse/*} and {@code /sgc/xhr/*}:
 * <ul>
 *   <li>{@code GET /sse/<channel>} and {@code GET /sse?channel=a&channel=b} open an event stream subscribed to
 *       the channels (comma lists and masks allowed), resuming from {@code Last-Event-ID};</li>
 *   <li>{@code POST /sgc/xhr/<id>} (the sgc JavaScript client's path) and {@code POST /sse/send/<id>} deliver the
 *       body as one text message to connection {@code <id>}'s subprotocol handler.</li>
 * </ul>
 * The request thread returns as soon as the stream is set up; the stream is written with non-blocking I/O.
 * {@code docs/sse.md} describes the protocol.
 */
public final class SseServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Servlet path of the SSE streams. */
    public static final String SSE_PATH = "/sse";
    /** Servlet path of the sgc client's message POSTs. */
    public static final String XHR_PATH = "/sgc/xhr";
    /** Path prefix, under {@link #SSE_PATH}, of message POSTs. */
    public static final String SEND_PREFIX = "/send/";
    /**
     * Request header of a message POST carrying the stream's post key, which stands for the principal that opened
     * the stream (a single-use ticket cannot be presented again).
     */
    public static final String POST_KEY_HEADER = "X-Switchboard-Post-Key";
    /** Name of the event that carries the post key, just before the connection id, on authenticated streams. */
    public static final String POST_KEY_EVENT = "post-key";

    private transient SseTransport transport;

    @Override
    public void init() {
        transport = BeanLookup.get(SseTransport.class);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (XHR_PATH.equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String pathInfo = request.getPathInfo();
        String channel = pathInfo == null || pathInfo.equals("/") ? null : pathInfo.substring(1);
        transport.open(request, response, SseTransport.Mode.CHANNELS, channel == null ? List.of() : List.of(channel));
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("Access-Control-Request-Method") != null) {
            transport.preflight(request, response);
            return;
        }
        response.setHeader("Allow", "GET, POST, OPTIONS");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String id;
        if (XHR_PATH.equals(request.getServletPath())) {
            id = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        } else if (pathInfo.startsWith(SEND_PREFIX)) {
            id = pathInfo.substring(SEND_PREFIX.length());
        } else {
            response.setHeader("Allow", "GET");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        transport.post(request, response, id);
    }
}
