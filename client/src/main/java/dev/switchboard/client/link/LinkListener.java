package dev.switchboard.client.link;

import java.nio.ByteBuffer;

/**
 * What a {@link Link} reports. Calls come one at a time, in order, never from the thread that called
 * {@link Link#start()} or {@link Link#close()} while it holds a lock; a listener must not block for long.
 */
public interface LinkListener {

    /**
     * A transport opened. Frames the listener sends here with {@link Link#sendNow(String)} go before the frames
     * queued while the link was offline.
     */
    void opened(LinkSession session);

    /** A text frame (or an SSE event's data) arrived. */
    void text(String text);

    /** A binary frame arrived; the buffer is the listener's. */
    default void binary(ByteBuffer data) {}

    /** The transport closed or failed to open; {@link LinkClosed#retrying()} says whether the link goes on. */
    void closed(LinkClosed closed);

    /**
     * A frame queued while offline was dropped by the queue's overflow policy, or a sent frame could not be
     * delivered to the transport.
     */
    default void dropped(String text, String reason) {}

    /** Something went wrong that did not close the link (an SSE post refused, a listener that threw). */
    default void error(Throwable error) {}
}
