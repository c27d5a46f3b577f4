package dev.switchboard.websocket.internal;

import dev.switchboard.hub.BaseConnection;
import dev.switchboard.spi.InboundMessageCheck.Fragment;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The message a connection is receiving in fragments: how many bytes came so far, against the size bound of its kind,
 * and the end of its last text fragment, which the next one's checks read across the boundary.
 *
 * <p>Not thread-safe: the endpoint calls it under its serial lock, one fragment at a time.
 */
final class InboundFragments {

    private final long maxTextBytes;
    private final long maxBinaryBytes;

    /** Bytes of the current message so far; 0 between messages. */
    private long offset;
    /** Whether the next fragment starts a message. */
    private boolean between = true;

    private String overlap = "";
    /** A message passed its bound: the connection is closing and nothing more of it is taken. */
    private boolean refused;

    /**
     * Creates the state of one connection.
     *
     * @param maxTextBytes   largest text message, in UTF-8 bytes
     * @param maxBinaryBytes largest binary message
     */
    InboundFragments(long maxTextBytes, long maxBinaryBytes) {
        this.maxTextBytes = maxTextBytes;
        this.maxBinaryBytes = maxBinaryBytes;
    }

    /**
     * Takes a text fragment.
     *
     * @param text the fragment
     * @param last whether it ends the message
     * @return the fragment to judge and deliver; empty when the message has passed its size bound, and from then on
     */
    Optional<Fragment> text(String text, boolean last) {
        long size = BaseConnection.utf8Length(text);
        if (refused || offset + size > maxTextBytes) {
            refused = true;
            return Optional.empty();
        }
        Fragment fragment = new Fragment(text, null, offset, between, last, between ? "" : overlap);
        if (last) {
            reset();
        } else {
            offset += size;
            between = false;
            overlap = tail(fragment.overlap(), text);
        }
        return Optional.of(fragment);
    }

    /**
     * Takes a binary fragment.
     *
     * @param bytes the fragment
     * @param last  whether it ends the message
     * @return the fragment to judge and deliver; empty when the message has passed its size bound, and from then on
     */
    Optional<Fragment> binary(ByteBuffer bytes, boolean last) {
        long size = bytes.remaining();
        if (refused || offset + size > maxBinaryBytes) {
            refused = true;
            return Optional.empty();
        }
        Fragment fragment = new Fragment(null, bytes, offset, between, last, "");
        if (last) {
            reset();
        } else {
            offset += size;
            between = false;
        }
        return Optional.of(fragment);
    }

    private void reset() {
        offset = 0;
        between = true;
        overlap = "";
    }

    /** The last {@link Fragment#OVERLAP} characters of what was read so far, never starting inside a pair. */
    static String tail(String before, String text) {
        String joined = text.length() >= Fragment.OVERLAP ? text : before + text;
        int start = Math.max(0, joined.length() - Fragment.OVERLAP);
        if (start > 0 && Character.isLowSurrogate(joined.charAt(start))) {
            start++;
        }
        return joined.substring(start);
    }
}
