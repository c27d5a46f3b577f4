package dev.switchboard.protocol.sgc;

import java.util.Optional;

/**
 * How a publication is kept for clients that subscribe later ({@code "queue":"queueLevel1"} on
 * {@code sgc@publish}); kept messages are replayed as {@code sgc@event}s to each new subscriber of the channel.
 */
public enum QueueLevel {
    /** Nothing is kept. */
    LEVEL0("queueLevel0"),
    /** Only the last message of the channel is kept; each such publication replaces what was kept. */
    LEVEL1("queueLevel1"),
    /** Every message is kept, oldest first, up to the configured maximum per channel (the oldest are dropped). */
    LEVEL2("queueLevel2");

    private final String wireName;

    QueueLevel(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name on the wire.
     *
     * @return {@code queueLevel0}, {@code queueLevel1} or {@code queueLevel2}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a wire name.
     *
     * @param name the name as sent
     * @return the level, or empty for an unknown name
     */
    public static Optional<QueueLevel> fromWire(String name) {
        for (QueueLevel level : values()) {
            if (level.wireName.equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
