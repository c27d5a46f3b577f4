package dev.switchboard.api.event;

import java.util.Objects;

/**
 * What a {@link dev.switchboard.spi.SubscribeHandler} decided.
 *
 * @param allowed whether the subscription may proceed
 * @param code    for a denial, the error code the protocol reports (a JSON-RPC error code for sgc clients)
 * @param message for a denial, the reason the client sees
 */
public record SubscribeDecision(boolean allowed, int code, String message) {

    private static final SubscribeDecision ALLOW = new SubscribeDecision(true, 0, "");

    /** Validates. */
    public SubscribeDecision {
        Objects.requireNonNull(message, "message");
    }

    /**
     * Lets the subscription proceed.
     *
     * @return the decision
     */
    public static SubscribeDecision allow() {
        return ALLOW;
    }

    /**
     * Refuses the subscription.
     *
     * @param code    the error code reported to the client
     * @param message the reason reported to the client
     * @return the decision
     */
    public static SubscribeDecision deny(int code, String message) {
        return new SubscribeDecision(false, code, message);
    }
}
