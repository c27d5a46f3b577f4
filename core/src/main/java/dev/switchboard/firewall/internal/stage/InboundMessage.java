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
 */
public record InboundMessage(Connection connection, Client client, String text, long binarySize) {

    /**
     * Whether it is a text message.
     *
     * @return true for text
     */
    public boolean isText() {
        return text != null;
    }
}
