package dev.switchboard.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A message published to a channel. Each subscriber receives it encoded by its own subprotocol (an
 * {@code sgc@event} for sgc clients, the bare text for plain WebSocket clients); the encoding is done once per
 * subprotocol, not once per subscriber.
 *
 * @param channel   the channel it was published to (never a pattern)
 * @param message   the payload text
 * @param publisher the id of the publishing connection, or empty when the server published
 */
public record Publication(String channel, String message, Optional<String> publisher) {

    /** Validates. */
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(publisher, "publisher");
    }
}
