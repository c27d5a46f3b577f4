package dev.switchboard.client.link;

import java.time.Duration;

/**
 * How a transport of a {@link Link} ended, or why it could not open.
 *
 * @param code the WebSocket close code (1006 when the connection was lost without one)
 * @param reason the close reason or the failure's message, never {@code null}
 * @param wasOpen whether the transport had opened
 * @param retrying whether the link will try again; {@code false} means it is now {@link LinkState#CLOSED}
 * @param nextAttemptIn the backoff before the next attempt ({@link Duration#ZERO} when not retrying)
 */
public record LinkClosed(int code, String reason, boolean wasOpen, boolean retrying, Duration nextAttemptIn) {}
