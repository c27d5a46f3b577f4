package dev.switchboard.client.link;

/** Where a {@link Link} is in its life. */
public enum LinkState {
    /** Created, not started. */
    NEW,
    /** Opening a transport, the first time or after a loss (waiting out a backoff included). */
    CONNECTING,
    /** A transport is open. */
    OPEN,
    /** Closed for good: by {@link Link#close()}, or because reconnecting gave up. */
    CLOSED
}
