package dev.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * <p>A publication is text or bytes. Bytes (a binary WebSocket message, an MQTT payload that is not text, a STOMP
 * body with a binary content type) travel as the standard Base64 text of the bytes (RFC 4648 §4, padded) in
 * {@link #message()}, with {@link #binary()} true: each subprotocol decides how its subscribers see them (a binary
 * frame, {@code sgc@b64:}, an SSE {@code binary} event). {@link #bytes()} gives the bytes of either kind.
 *
 * <p>A publication may carry protocol metadata in {@link #properties()} (an MQTT 5 publication's properties and
 * retain flag, a STOMP SEND's own headers); it travels with the publication to every node. The history does not
 * store it: a replayed publication has {@link PublicationProperties#NONE}.
 *
 * @param channel   the channel it was published to (never a pattern)
 * @param message   the payload text, or the Base64 text of the payload bytes when {@code binary}
 * @param publisher the id of the publishing connection, or empty when the server published
 * @param offset    the position in the channel's history, or 0 when the publication was not stored
 * @param epoch     the channel's history epoch, or empty when the publication was not stored
 * @param binary     true when the payload is bytes, carried as Base64 in {@code message}
 * @param properties the protocol metadata, {@link PublicationProperties#NONE} when there is none
 */
public record Publication(
        String channel,
        String message,
        Optional<String> publisher,
        long offset,
        String epoch,
        boolean binary,
        PublicationProperties properties) {

    /** Validates. */
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(properties, "properties");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    /**
     * A publication without properties.
     *
     * @param channel   the channel it was published to (never a pattern)
     * @param message   the payload text, or the Base64 text of the payload bytes when {@code binary}
     * @param publisher the id of the publishing connection, or empty when the server published
     * @param offset    the position in the channel's history, or 0 when the publication was not stored
     * @param epoch     the channel's history epoch, or empty when the publication was not stored
     * @param binary    true when the payload is bytes, carried as Base64 in {@code message}
     */
    public Publication(
            String channel, String message, Optional<String> publisher, long offset, String epoch, boolean binary) {
        this(channel, message, publisher, offset, epoch, binary, PublicationProperties.NONE);
    }

    /**
     * A text publication.
     *
     * @param channel   the channel it was published to (never a pattern)
     * @param message   the payload text
     * @param publisher the id of the publishing connection, or empty when the server published
     * @param offset    the position in the channel's history, or 0 when the publication was not stored
     * @param epoch     the channel's history epoch, or empty when the publication was not stored
     */
    public Publication(String channel, String message, Optional<String> publisher, long offset, String epoch) {
        this(channel, message, publisher, offset, epoch, false);
    }

    /**
     * A text publication without a history position.
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

    /**
     * The payload as bytes: decoded from Base64 for a binary publication, the UTF-8 encoding of the text otherwise.
     * Each call returns a new array.
     *
     * @return the payload bytes
     */
    public byte[] bytes() {
        return binary ? Base64.getDecoder().decode(message) : message.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same publication at a history position.
     *
     * @param newOffset the position
     * @param newEpoch  the channel's epoch
     * @return the positioned copy
     */
    public Publication at(long newOffset, String newEpoch) {
        return new Publication(channel, message, publisher, newOffset, newEpoch, binary, properties);
    }
}
