package dev.switchboard.broker;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The brokers' settings, read once at startup from {@link ConfigKeys#BROKER_LANE_CAPACITY},
 * {@link ConfigKeys#BROKER_LANE_WAIT} and {@link ConfigKeys#BROKER_HISTORY_RETRY}.
 *
 * @param laneCapacity  most publications of one channel waiting for a history store that may block
 * @param laneWait      how long a publisher waits for room in a full lane before its publication is refused
 * @param recentKeys    most idempotency keys remembered (the newest), so a retried publication is delivered once
 * @param historyRetry  how long the history store is not called after an append failed; zero calls it every time
 */
public record BrokerSettings(int laneCapacity, Duration laneWait, int recentKeys, Duration historyRetry) {

    /** Default {@link #laneCapacity}. */
    public static final int DEFAULT_LANE_CAPACITY = 1024;
    /** Default {@link #laneWait}. */
    public static final Duration DEFAULT_LANE_WAIT = Duration.ofSeconds(1);
    /** Default {@link #recentKeys}. */
    public static final int DEFAULT_RECENT_KEYS = 10_000;
    /** Default {@link #historyRetry}. */
    public static final Duration DEFAULT_HISTORY_RETRY = Duration.ofSeconds(2);
    /** The documented defaults. */
    public static final BrokerSettings DEFAULTS =
            new BrokerSettings(DEFAULT_LANE_CAPACITY, DEFAULT_LANE_WAIT, DEFAULT_RECENT_KEYS, DEFAULT_HISTORY_RETRY);

    /** Validates. */
    public BrokerSettings {
        Objects.requireNonNull(laneWait, "laneWait");
        Objects.requireNonNull(historyRetry, "historyRetry");
        if (historyRetry.isNegative()) {
            throw new IllegalArgumentException("historyRetry must not be negative: " + historyRetry);
        }
        if (laneCapacity <= 0 || recentKeys <= 0) {
            throw new IllegalArgumentException(
                    "laneCapacity and recentKeys must be positive: " + laneCapacity + ", " + recentKeys);
        }
        if (laneWait.isNegative()) {
            throw new IllegalArgumentException("laneWait must not be negative: " + laneWait);
        }
    }

    /**
     * Settings with the default {@link #historyRetry}.
     *
     * @param laneCapacity most publications of one channel waiting for a history store that may block
     * @param laneWait     how long a publisher waits for room in a full lane
     * @param recentKeys   most idempotency keys remembered
     */
    public BrokerSettings(int laneCapacity, Duration laneWait, int recentKeys) {
        this(laneCapacity, laneWait, recentKeys, DEFAULT_HISTORY_RETRY);
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static BrokerSettings read(ConfigReader reader) {
        return new BrokerSettings(
                reader.getInt(ConfigKeys.BROKER_LANE_CAPACITY, DEFAULT_LANE_CAPACITY),
                Duration.ofMillis(reader.getLong(ConfigKeys.BROKER_LANE_WAIT, DEFAULT_LANE_WAIT.toMillis())),
                DEFAULT_RECENT_KEYS,
                Duration.ofMillis(reader.getLong(ConfigKeys.BROKER_HISTORY_RETRY, DEFAULT_HISTORY_RETRY.toMillis())));
    }
}
