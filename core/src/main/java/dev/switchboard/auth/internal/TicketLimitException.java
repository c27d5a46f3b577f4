package dev.switchboard.auth.internal;

import java.time.Duration;

/**
 * Thrown when a connect ticket cannot be issued because a budget is spent: the user's own
 * ({@code switchboard.auth.tickets.max-per-user}) or the node's ({@code switchboard.auth.tickets.max}). The login
 * servlet answers it with 429 and {@code Retry-After}: a ticket of the full budget expires or is redeemed by then.
 */
public final class TicketLimitException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    private final boolean perUser;

    /**
     * Creates the exception.
     *
     * @param message    what was exceeded, for the response body
     * @param retryAfter when a ticket of the full budget expires at the latest
     * @param perUser    true when the user's own budget is spent, false when the node's is
     */
    public TicketLimitException(String message, Duration retryAfter, boolean perUser) {
        super(message);
        this.retryAfter = retryAfter;
        this.perUser = perUser;
    }

    /**
     * When to try again: the time until the oldest ticket of the full budget expires, one second at least.
     *
     * @return the delay
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Tells which budget was spent.
     *
     * @return true for the user's own, false for the node's
     */
    public boolean perUser() {
        return perUser;
    }
}
