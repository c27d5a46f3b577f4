package dev.switchboard.firewall.internal.stage;

import dev.switchboard.api.Connection;
import dev.switchboard.firewall.internal.Client;

/**
 * An inbound message as the message stages see it.
 *
 * @param connection the connection it arrived on
 * @param client     the connection's client
 * @param text       the text of a text message; null for a binary one
 * @param binarySize the size in bytes of a binary message; 0 for a text one
 * @param before     for a fragment of a message, the bytes of the message before it; 0 for a whole message
 * @param first      false for a fragment that continues a message (it is not counted as a message again)
 * @param overlap    for a text fragment, the end of the message's previous fragment (read before {@code text}, so a
 *                   pattern cut at the boundary is seen); empty otherwise
 */
public record InboundMessage(
        Connection connection,
        Client client,
        String text,
        long binarySize,
        long before,
        boolean first,
        String overlap) {

    /**
     * A whole message.
     *
     * @param connection the connection it arrived on
     * @param client     the connection's client
     * @param text       the text of a text message; null for a binary one
     * @param binarySize the size in bytes of a binary message; 0 for a text one
     */
    public InboundMessage(Connection connection, Client client, String text, long binarySize) {
        this(connection, client, text, binarySize, 0, true, "");
    }

    /**
     * The text the detectors read: the overlap with the previous fragment, then this text.
     *
     * @return the text to inspect; null for a binary message
     */
    public String inspectedText() {
        return text == null || overlap.isEmpty() ? text : overlap + text;
    }

    /**
     * Whether it is a text message.
     *
     * @return true for text
     */
    public boolean isText() {
        return text != null;
    }
}
