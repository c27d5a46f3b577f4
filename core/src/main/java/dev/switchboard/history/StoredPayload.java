package dev.switchboard.history;

import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import java.util.Optional;

/**
 * The one text form in which a publication's payload is stored in a {@link dev.switchboard.spi.HistoryStore} and
 * carried between the nodes of a cluster, so that neither needs a column or a property for the payload's kind.
 *
 * <p>A text payload is stored as itself, unless it begins with U+0000: then it is stored as {@code "\0t:"} followed
 * by the text. A binary payload (its Base64 text, see {@link Publication#binary()}) is stored as {@code "\0b64:"}
 * followed by the Base64 text. Reading is the reverse, so every text, including one that looks like a stored form,
 * comes back unchanged: a stored form never begins with U+0000 unless it carries one of the two markers.
 */
public final class StoredPayload {

    private static final char MARK = '\u0000';
    private static final String BINARY = MARK + "b64:";
    private static final String ESCAPED_TEXT = MARK + "t:";

    private StoredPayload() {}

    /**
     * Gives the stored form of a payload.
     *
     * @param message the text, or the Base64 text of bytes
     * @param binary  true when {@code message} is the Base64 of bytes
     * @return the stored form
     */
    public static String encode(String message, boolean binary) {
        if (binary) {
            return BINARY + message;
        }
        return !message.isEmpty() && message.charAt(0) == MARK ? ESCAPED_TEXT + message : message;
    }

    /**
     * Tells whether a stored form holds bytes.
     *
     * @param stored a stored form
     * @return true when it was encoded from a binary payload
     */
    public static boolean isBinary(String stored) {
        return stored.startsWith(BINARY);
    }

    /**
     * Gives back the payload's message text (the Base64 text for bytes).
     *
     * @param stored a stored form
     * @return the message as it was encoded
     */
    public static String message(String stored) {
        if (stored.startsWith(BINARY)) {
            return stored.substring(BINARY.length());
        }
        if (stored.startsWith(ESCAPED_TEXT)) {
            return stored.substring(ESCAPED_TEXT.length());
        }
        return stored;
    }

    /**
     * Rebuilds a publication from a stored form.
     *
     * @param channel   the channel
     * @param stored    the stored form of its payload
     * @param publisher the publishing connection, or empty
     * @param offset    its history offset, or 0
     * @param epoch     the channel's epoch, or empty
     * @return the publication
     */
    public static Publication publication(
            String channel, String stored, Optional<String> publisher, long offset, String epoch) {
        return new Publication(channel, message(stored), publisher, offset, epoch, isBinary(stored));
    }

    /**
     * Rebuilds a publication with its properties from a stored form.
     *
     * @param channel    the channel
     * @param stored     the stored form of its payload
     * @param publisher  the publishing connection, or empty
     * @param offset     its history offset, or 0
     * @param epoch      the channel's epoch, or empty
     * @param properties its protocol metadata
     * @return the publication
     */
    public static Publication publication(
            String channel,
            String stored,
            Optional<String> publisher,
            long offset,
            String epoch,
            PublicationProperties properties) {
        return new Publication(channel, message(stored), publisher, offset, epoch, isBinary(stored), properties);
    }
}
