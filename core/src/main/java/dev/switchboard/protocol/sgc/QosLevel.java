package dev.switchboard.protocol.sgc;

import java.util.Optional;

/** The sgc quality-of-service levels, with their wire names ({@code "qos":"qosLevel1"}). */
public enum QosLevel {
    /** At most once: no acknowledgment, no retry. */
    LEVEL0("qosLevel0"),
    /** At least once: acknowledged, re-sent until acknowledged, so it may arrive twice. */
    LEVEL1("qosLevel1"),
    /** Exactly once: stored by the receiver and processed on {@code sgc@pubrel}. */
    LEVEL2("qosLevel2");

    private final String wireName;

    QosLevel(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name on the wire.
     *
     * @return {@code qosLevel0}, {@code qosLevel1} or {@code qosLevel2}
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
    public static Optional<QosLevel> fromWire(String name) {
        for (QosLevel level : values()) {
            if (level.wireName.equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /**
     * The level of a configuration value: {@code 0}, {@code 1}, {@code 2} or a wire name.
     *
     * @param value the configured value
     * @return the level
     * @throws IllegalArgumentException for any other value
     */
    public static QosLevel fromConfig(String value) {
        return switch (value.trim()) {
            case "0", "qosLevel0" -> LEVEL0;
            case "1", "qosLevel1" -> LEVEL1;
            case "2", "qosLevel2" -> LEVEL2;
            default -> throw new IllegalArgumentException("QoS level must be 0, 1 or 2, not '" + value + "'");
        };
    }
}
