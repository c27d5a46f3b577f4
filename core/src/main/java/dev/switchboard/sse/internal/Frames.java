package dev.switchboard.sse.internal;

import dev.switchboard.spi.HistoryStore.Position;

/**
 * The payloads an SSE connection's outbound queue carries besides {@code String} (a message) and
 * {@code ByteBuffer} (binary, sent Base64-encoded). They let the writer add the per-connection resume cursor
 * to publications that were encoded once for every subscriber.
 */
final class Frames {

    private Frames() {}

    /**
     * A publication, encoded once per subprotocol: the event's field lines without id.
     *
     * @param channel the channel
     * @param epoch   the channel's epoch, empty when not stored
     * @param offset  the publication's offset, 0 when not stored
     * @param body    the field lines
     */
    record PublicationEvent(String channel, String epoch, long offset, String body) {
        boolean hasPosition() {
            return offset > 0 && !epoch.isEmpty();
        }
    }

    /**
     * A finished event block written as is (connection, gap, retry).
     *
     * @param block the block, ended by a blank line
     */
    record RawEvent(String block) {}

    /**
     * Sets the cursor's position on a channel without writing (a subscriber without a position starts at the
     * head), unless the cursor is already further.
     *
     * @param channel  the channel
     * @param position the position
     */
    record CursorUpdate(String channel, Position position) {}

    /** Writes an id-only block carrying the whole cursor, so the client holds every position. */
    record CursorMark() {}

    /** A heartbeat comment; its completed write shows the peer still takes data. */
    record Heartbeat() {}
}
