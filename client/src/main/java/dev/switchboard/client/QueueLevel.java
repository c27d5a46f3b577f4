package dev.switchboard.client;

/** What the server keeps of a publication for clients that subscribe later (the sgc queue levels). */
public enum QueueLevel {
    /** Nothing is kept. */
    NONE("queueLevel0"),
    /** The channel keeps this message as its last one, replacing the one before. */
    LAST("queueLevel1"),
    /** The channel keeps every such message, oldest first, up to the server's bound. */
    ALL("queueLevel2");

    private final String wireName;

    QueueLevel(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code queueLevel0}, {@code queueLevel1} or {@code queueLevel2}. */
    public String wireName() {
        return wireName;
    }
}
