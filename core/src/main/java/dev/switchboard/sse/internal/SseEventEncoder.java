package dev.switchboard.sse.internal;

import dev.switchboard.history.ResumeCursor;
import dev.switchboard.spi.HistoryStore.Position;
import jakarta.json.Json;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns what one SSE connection's outbound queue carries into {@code text/event-stream} blocks: messages, binary
 * (Base64, event {@code binary}), publications with the connection's resume cursor as their id, finished blocks,
 * id-only cursor marks, keep-alive comments, and the closing {@code disconnect} event.
 *
 * <p>The cursor is read and changed only in {@link #block}, which the outbound queue calls one frame at a time, so
 * it needs no lock; it is volatile for readers on other threads (tests, diagnostics).
 */
final class SseEventEncoder {

    private final Set<String> resumableChannels;
    private final Predicate<String> subscribed;
    private volatile ResumeCursor cursor;

    /**
     * Creates the encoder of one connection.
     *
     * @param cursor            the initial cursor
     * @param resumableChannels the channels whose positions the cursor tracks, or null for every exact
     *                          subscription
     * @param subscribed        tells whether the connection holds a subscription, when no channel set is given
     */
    SseEventEncoder(ResumeCursor cursor, Set<String> resumableChannels, Predicate<String> subscribed) {
        this.cursor = cursor;
        this.resumableChannels = resumableChannels == null ? null : Set.copyOf(resumableChannels);
        this.subscribed = subscribed;
    }

    ResumeCursor cursor() {
        return cursor;
    }

    /**
     * The block a frame is written as.
     *
     * @param frame the frame
     * @return the block, or null when nothing is written (a cursor update, an empty mark, a publication the
     *     client has already)
     * @throws IllegalArgumentException for a frame of an unknown kind
     */
    String block(Object frame) {
        return switch (frame) {
            case String text -> EventStream.rawFields(text).orElseGet(() -> EventStream.event(null, null, text));
            case ByteBuffer data ->
                EventStream.event(null, "binary", Base64.getEncoder().encodeToString(toArray(data.duplicate())));
            case Frames.PublicationEvent publication -> publicationBlock(publication);
            case Frames.RawEvent raw -> raw.block();
            case Frames.CursorUpdate update -> {
                updateCursor(update.channel(), update.position());
                yield null;
            }
            case Frames.CursorMark mark -> cursor.isEmpty() ? null : EventStream.idOnly(cursor.format());
            case Frames.Heartbeat heartbeat -> EventStream.comment("");
            default ->
                throw new IllegalArgumentException(
                        "Unknown frame " + frame.getClass().getName());
        };
    }

    /**
     * The last event of a closing stream.
     *
     * @param code   the close code
     * @param reason the close reason, or null
     * @return the {@code disconnect} event block
     */
    static String disconnect(int code, String reason) {
        return EventStream.event(
                null,
                "disconnect",
                Json.createObjectBuilder()
                        .add("code", code)
                        .add("reason", reason == null ? "" : reason)
                        .build()
                        .toString());
    }

    private String publicationBlock(Frames.PublicationEvent publication) {
        if (!publication.hasPosition()) {
            return publication.body() + "\n";
        }
        ResumeCursor now = cursor;
        Optional<Position> known = now.get(publication.channel());
        if (known.isPresent()
                && known.get().epoch().equals(publication.epoch())
                && publication.offset() <= known.get().offset()) {
            // Already delivered (by the replay); a resumed client must not see it twice.
            return null;
        }
        if (known.isEmpty() && !isResumable(publication.channel())) {
            // Reached only through a mask: masks do not resume, and the client keeps its last id.
            return publication.body() + "\n";
        }
        cursor = now.with(publication.channel(), new Position(publication.epoch(), publication.offset()));
        return EventStream.idLine(cursor.format()) + publication.body() + "\n";
    }

    private void updateCursor(String channel, Position position) {
        Optional<Position> known = cursor.get(channel);
        if (known.isPresent()
                && known.get().epoch().equals(position.epoch())
                && known.get().offset() >= position.offset()) {
            return;
        }
        cursor = cursor.with(channel, position);
    }

    private boolean isResumable(String channel) {
        return resumableChannels != null ? resumableChannels.contains(channel) : subscribed.test(channel);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
