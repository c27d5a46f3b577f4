package dev.switchboard.log.internal;

/**
 * One recorded wire event, captured on the message path and formatted later by the writer, so the path pays for
 * one small object and no formatting.
 *
 * @param epochMillis  when it happened
 * @param connectionId the connection
 * @param transport    the transport, in lower case
 * @param inbound      true for what the client sent, false for what the server sent
 * @param kind         what happened
 * @param size         the payload's size in bytes (of the whole payload, however much of it is written)
 * @param payload      a {@code String}, a {@code byte[]} already cut to the configured cap, or null
 * @param code         the close code of a close, else 0
 */
public record WireEntry(
        long epochMillis,
        String connectionId,
        String transport,
        boolean inbound,
        Kind kind,
        long size,
        Object payload,
        int code) {

    /** What a wire event is. */
    public enum Kind {
        /** The connection opened; the payload describes the handshake. */
        OPEN,
        /** A text message. */
        TEXT,
        /** A binary message. */
        BINARY,
        /** A ping. */
        PING,
        /** A pong. */
        PONG,
        /** A close, with its code; the payload is the reason. */
        CLOSE
    }
}
