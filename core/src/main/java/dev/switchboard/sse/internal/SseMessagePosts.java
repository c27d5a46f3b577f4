package dev.switchboard.sse.internal;

import dev.switchboard.admission.Admission;
import dev.switchboard.http.BoundedBody;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.sse.SseServlet;
import dev.switchboard.sse.SseSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

/**
 * The inbound half of SSE: messages clients POST to their open streams, and the CORS preflights of those POSTs.
 * The origin policy is the one {@link Admission} applies to the streams themselves.
 */
final class SseMessagePosts {

    private final ConnectionRegistry registry;
    private final Admission admission;
    private final SseSettings settings;

    SseMessagePosts(ConnectionRegistry registry, Admission admission, SseSettings settings) {
        this.registry = registry;
        this.admission = admission;
        this.settings = settings;
    }

    /**
     * Delivers a POSTed message to a connection's subprotocol handler: 202 when delivered, 404 for an unknown
     * or closed connection, 403 for another principal's connection, 413 over {@code switchboard.sse.post.max-size},
     * 408 when the body takes longer than {@code switchboard.sse.post.read-timeout} to arrive, 400 for a missing id
     * or text that is not UTF-8, 500 when the handler failed.
     *
     * @param request  the request
     * @param response the response
     * @param id       the connection id from the path
     * @throws IOException when reading or answering fails
     */
    void post(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        if (id == null || id.isBlank() || id.contains("/")) {
            Admission.refuse(response, HttpServletResponse.SC_BAD_REQUEST, "The path must end with a connection id");
            return;
        }
        if (!allowOrigin(request, response)) {
            return;
        }
        Optional<SseConnection> found =
                registry.find(id).filter(SseConnection.class::isInstance).map(SseConnection.class::cast);
        if (found.isEmpty()) {
            Admission.refuse(response, HttpServletResponse.SC_NOT_FOUND, "No open SSE connection " + id);
            return;
        }
        SseConnection connection = found.get();
        Optional<String> owner = connection.principal().map(Principal::getName);
        Optional<String> poster =
                Optional.ofNullable(request.getUserPrincipal()).map(Principal::getName);
        if (owner.isPresent()
                && (poster.isPresent()
                        ? !owner.equals(poster)
                        : !connection.acceptsPostKey(request.getHeader(SseServlet.POST_KEY_HEADER)))) {
            Admission.refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    poster.isPresent()
                            ? "The connection belongs to another user"
                            : "The connection belongs to a user: send its credentials or its "
                                    + SseServlet.POST_KEY_HEADER);
            return;
        }
        // Read with a budget of bytes and of total time: a client trickling the body cannot hold the request.
        BoundedBody.read(
                request,
                response,
                settings.postMaxSize(),
                settings.postReadTimeout(),
                body -> deliver(response, connection, id, body));
    }

    private static void deliver(HttpServletResponse response, SseConnection connection, String id, byte[] body)
            throws IOException {
        String message;
        try {
            message = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            Admission.refuse(response, HttpServletResponse.SC_BAD_REQUEST, "The message is not valid UTF-8");
            return;
        }
        switch (connection.receive(message)) {
            case DELIVERED -> {
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
                response.setContentLength(0);
            }
            case CLOSED -> Admission.refuse(response, HttpServletResponse.SC_NOT_FOUND, "No open SSE connection " + id);
            case FAILED ->
                Admission.refuse(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "The message failed");
            case REFUSED ->
                Admission.refuse(response, HttpServletResponse.SC_FORBIDDEN, "Message refused; connection closed");
        }
    }

    /**
     * Answers a CORS preflight for a message POST: an allowed origin may POST with the post key header; any other
     * gets 403.
     *
     * @param request  the OPTIONS request
     * @param response the response
     * @throws IOException when answering fails
     */
    void preflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowOrigin(request, response)) {
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, " + SseServlet.POST_KEY_HEADER);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Applies the origin policy; echoes an allowed foreign origin for CORS. */
    private boolean allowOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Admission.Refusal> foreign = admission.originRefusal(request, "SSE request");
        if (foreign.isPresent()) {
            foreign.get().writeTo(response);
            return false;
        }
        cors(request, response);
        return true;
    }

    /** Lets the page of an allowed foreign origin read the answer, with credentials. */
    static void cors(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
    }
}
