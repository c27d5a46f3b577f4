package dev.switchboard.client.link;

/** What a {@link Link}'s offline queue does with a frame sent while it is full. */
public enum QueueOverflow {
    /** The oldest queued frame is dropped to make room; the listener is told with {@code dropped}. */
    DROP_OLDEST,
    /** The new frame is dropped; the listener is told with {@code dropped}, and {@code send} returns true. */
    DROP_NEWEST,
    /** The new frame is refused: {@link Link#send(String)} returns {@code false}, the listener is not told. */
    REFUSE
}
