package dev.switchboard.client;

/** The quality of service of a publication the client sends, as the sgc protocol defines it. */
public enum Qos {
    /** At most once: sent without an id, never repeated. */
    AT_MOST_ONCE("qosLevel0"),
    /** At least once: sent with an id and repeated until the server acknowledges it. */
    AT_LEAST_ONCE("qosLevel1"),
    /**
     * Exactly once: the server keeps the message until the client releases it ({@code sgc@pubrec},
     * {@code sgc@pubrel}, acknowledgment); repeats within one connection are processed once.
     */
    EXACTLY_ONCE("qosLevel2");

    private final String wireName;

    Qos(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code qosLevel0}, {@code qosLevel1} or {@code qosLevel2}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The level of a number.
     *
     * @param level 0, 1 or 2
     * @return the QoS
     * @throws IllegalArgumentException for another number
     */
    public static Qos of(int level) {
        return switch (level) {
            case 0 -> AT_MOST_ONCE;
            case 1 -> AT_LEAST_ONCE;
            case 2 -> EXACTLY_ONCE;
            default -> throw new IllegalArgumentException("QoS is 0, 1 or 2, not " + level);
        };
    }
}
