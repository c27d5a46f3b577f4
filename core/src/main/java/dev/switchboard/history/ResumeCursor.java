package dev.switchboard.history;

import dev.switchboard.spi.HistoryStore.Position;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A client's positions on several channels in one printable token, used as the SSE event {@code id} (and so sent
 * back as {@code Last-Event-ID}). One stream delivers several channels but the client keeps only the last id,
 * so every id names the position on every resumable channel of the stream, not only the event's own.
 *
 * <p>Format: entries {@code <channel>=<epoch>:<offset>} joined by {@code &}, the channel percent-encoded as in a
 * query string ({@link URLEncoder}, UTF-8), for example {@code news=k3x9a2:57&chat%2Froom1=p0a7zz:3}. Epochs
 * contain only letters and digits. The token never contains CR, LF or NUL, which an SSE id must not.
 *
 * <p>Immutable; {@link #with} returns a changed copy.
 */
public final class ResumeCursor {

    private static final ResumeCursor EMPTY = new ResumeCursor(Map.of(), false);

    private final Map<String, Position> positions;
    private final boolean malformed;

    private ResumeCursor(Map<String, Position> positions, boolean malformed) {
        this.positions = positions;
        this.malformed = malformed;
    }

    /**
     * The cursor without positions.
     *
     * @return the empty cursor
     */
    public static ResumeCursor empty() {
        return EMPTY;
    }

    /**
     * Reads a token. Entries that do not parse are skipped; {@link #malformed()} then tells so.
     *
     * @param token a token from {@link #format()}, possibly null or blank
     * @return the cursor
     */
    public static ResumeCursor parse(String token) {
        if (token == null || token.isBlank()) {
            return EMPTY;
        }
        Map<String, Position> positions = new LinkedHashMap<>();
        boolean malformed = false;
        for (String entry : token.trim().split("&")) {
            int equals = entry.lastIndexOf('=');
            int colon = entry.lastIndexOf(':');
            if (equals <= 0 || colon < equals + 2 || colon == entry.length() - 1) {
                malformed = true;
                continue;
            }
            try {
                String channel = URLDecoder.decode(entry.substring(0, equals), StandardCharsets.UTF_8);
                String epoch = entry.substring(equals + 1, colon);
                long offset = Long.parseLong(entry.substring(colon + 1));
                if (!isEpoch(epoch) || offset < 0 || channel.isEmpty()) {
                    malformed = true;
                    continue;
                }
                positions.put(channel, new Position(epoch, offset));
            } catch (IllegalArgumentException e) {
                malformed = true;
            }
        }
        return new ResumeCursor(Collections.unmodifiableMap(positions), malformed);
    }

    /**
     * The token of this cursor.
     *
     * @return the token, empty when there are no positions
     */
    public String format() {
        StringBuilder token = new StringBuilder();
        positions.forEach((channel, position) -> {
            if (!token.isEmpty()) {
                token.append('&');
            }
            token.append(URLEncoder.encode(channel, StandardCharsets.UTF_8))
                    .append('=')
                    .append(position.epoch())
                    .append(':')
                    .append(position.offset());
        });
        return token.toString();
    }

    /**
     * The position on a channel.
     *
     * @param channel the channel
     * @return the position, or empty when the cursor has none
     */
    public Optional<Position> get(String channel) {
        return Optional.ofNullable(positions.get(channel));
    }

    /**
     * A copy with the position on one channel set; a position without epoch removes the channel.
     *
     * @param channel  the channel
     * @param position the new position
     * @return the changed cursor
     */
    public ResumeCursor with(String channel, Position position) {
        Map<String, Position> changed = new LinkedHashMap<>(positions);
        if (position.isPresent()) {
            changed.put(channel, position);
        } else {
            changed.remove(channel);
        }
        return new ResumeCursor(Collections.unmodifiableMap(changed), false);
    }

    /**
     * Every position, in insertion order.
     *
     * @return an unmodifiable map of channel to position
     */
    public Map<String, Position> positions() {
        return positions;
    }

    /**
     * Tells whether the token this cursor was read from had entries that did not parse (a foreign or damaged id).
     *
     * @return true when something was skipped
     */
    public boolean malformed() {
        return malformed;
    }

    /**
     * Tells whether there are no positions.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public String toString() {
        return format();
    }

    private static boolean isEpoch(String value) {
        if (value.isEmpty() || value.length() > 32) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }
}
