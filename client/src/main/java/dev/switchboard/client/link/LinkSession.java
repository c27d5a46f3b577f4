package dev.switchboard.client.link;

import java.net.URI;

/**
 * One open transport of a {@link Link}.
 *
 * @param url the server it is connected to
 * @param transport {@code "websocket"} or {@code "sse"}
 * @param subprotocol the subprotocol the server chose, or {@code null} (always {@code null} on SSE)
 * @param connectionId the server's id for the connection when the transport tells it (the SSE stream's first
 *     event), else {@code null}
 * @param attempt how many transports this link has opened before this one (0 for the first)
 */
public record LinkSession(URI url, String transport, String subprotocol, String connectionId, int attempt) {

    /** Whether this is a reconnection, after an earlier transport of the same link. */
    public boolean reconnected() {
        return attempt > 0;
    }
}
