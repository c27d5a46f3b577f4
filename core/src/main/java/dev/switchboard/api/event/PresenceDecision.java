package dev.switchboard.api.event;

import java.util.Objects;

/**
 * What a {@link dev.switchboard.spi.PresenceHandler} decided about a new member or a new channel member.
 *
 * @param allowed whether the request may proceed
 * @param message for a denial, the reason the client sees after the protocol's error text
 */
public record PresenceDecision(boolean allowed, String message) {

    private static final PresenceDecision ALLOW = new PresenceDecision(true, "");

    /** Validates. */
    public PresenceDecision {
        Objects.requireNonNull(message, "message");
    }

    /**
     * Lets the request proceed.
     *
     * @return the decision
     */
    public static PresenceDecision allow() {
        return ALLOW;
    }

    /**
     * Refuses the request: a new member gets presence error 2, a new channel member error 10.
     *
     * @param message the reason reported to the client
     * @return the decision
     */
    public static PresenceDecision deny(String message) {
        return new PresenceDecision(false, message);
    }
}
