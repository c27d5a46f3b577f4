package dev.switchboard.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A message published to a channel. Each subscriber receives it encoded by its own subprotocol (an
 * {@code sgc@event} for sgc clients, the bare text for plain WebSocket clients); the encoding is done once per
 * subprotocol, not once per subscriber.
 *
 * <p>When message history is on ({@code switchboard.history.store}), the publication also carries its position
 * in the channel's history: the channel's {@code epoch} and the publication's {@code offset}, which increases by
 * one with every publication to the channel. A subprotocol may send them to its clients so that they can resume
 * after a reconnect (the SSE transport sends them as the event {@code id}).
 *
 * @param channel   the channel it was published to (never a pattern)
 * @param message   the payload text
 * @param publisher the id of the publishing connection, or empty when the server published
 * @param offset    the position in the channel's history, or 0 when the publication was not stored
 * @param epoch     the channel's history epoch, or empty when the publication was not stored
 */
public record Publication(String channel, String message, Optional<String> publisher, long offset, String epoch) {

    /** Validates. */
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    /**
     * A publication without a history position.
     *
     * @param channel   the channel it was published to (never a pattern)
     * @param message   the payload text
     * @param publisher the id of the publishing connection, or empty when the server published
     */
    public Publication(String channel, String message, Optional<String> publisher) {
        this(channel, message, publisher, 0, "");
    }

    /**
     * Tells whether the publication was stored in the history and so has a position.
     *
     * @return true when {@link #offset()} and {@link #epoch()} are meaningful
     */
    public boolean hasPosition() {
        return offset > 0 && !epoch.isEmpty();
    }
}
