package dev.switchboard.api.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link dev.switchboard.spi.PublishHandler} decided: allow as is, allow with a rewritten message, or
 * deny.
 *
 * @param allowed   whether the publication may proceed
 * @param rewritten the message to publish instead, when the handler rewrote it
 * @param code      for a denial, the error code the protocol reports
 * @param message   for a denial, the reason the client sees
 */
public record PublishDecision(boolean allowed, Optional<String> rewritten, int code, String message) {

    private static final PublishDecision ALLOW = new PublishDecision(true, Optional.empty(), 0, "");

    /** Validates. */
    public PublishDecision {
        Objects.requireNonNull(rewritten, "rewritten");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Lets the publication proceed unchanged.
     *
     * @return the decision
     */
    public static PublishDecision allow() {
        return ALLOW;
    }

    /**
     * Lets the publication proceed with another message.
     *
     * @param message the message to publish instead
     * @return the decision
     */
    public static PublishDecision rewrite(String message) {
        return new PublishDecision(true, Optional.of(message), 0, "");
    }

    /**
     * Refuses the publication.
     *
     * @param code    the error code reported to the client
     * @param message the reason reported to the client
     * @return the decision
     */
    public static PublishDecision deny(int code, String message) {
        return new PublishDecision(false, Optional.empty(), code, message);
    }
}
