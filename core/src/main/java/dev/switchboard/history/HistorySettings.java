package dev.switchboard.history;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The history settings, read once at startup from {@link ConfigKeys#HISTORY_STORE},
 * {@link ConfigKeys#HISTORY_MAX_MESSAGES}, {@link ConfigKeys#HISTORY_MAX_AGE} and {@link ConfigKeys#DATASOURCE}.
 *
 * @param store       which store keeps the history
 * @param maxMessages most publications kept per channel; also the most a resuming client is replayed per channel
 * @param maxAge      how long a publication is kept
 * @param dataSource  JNDI name of the DataSource of the JDBC store
 * @param maxChannels most channels with history (memory and JDBC stores); the least recently appended go first
 * @param maxBytes    most bytes (UTF-16 code units times two) of history in the memory store
 */
public record HistorySettings(
        Store store, int maxMessages, Duration maxAge, String dataSource, int maxChannels, long maxBytes) {

    /** Where the history is kept. */
    public enum Store {
        /** In this node's heap; lost (new epochs) on restart. */
        MEMORY,
        /** In a database through a JNDI DataSource; survives restarts and is shared by nodes. */
        JDBC,
        /** Not kept: publications carry no position and resuming clients are told of a gap. */
        NONE
    }

    /** Default {@link #maxMessages}. */
    public static final int DEFAULT_MAX_MESSAGES = 100;
    /** Default {@link #maxAge}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@link #maxChannels}. */
    public static final int DEFAULT_MAX_CHANNELS = 10_000;
    /** Default {@link #maxBytes}: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Default DataSource JNDI name, shared with the embedded server. */
    public static final String DEFAULT_DATASOURCE = "java:comp/env/jdbc/switchboard";

    /** Validates. */
    public HistorySettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(dataSource, "dataSource");
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be positive: " + maxMessages);
        }
        if (maxChannels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxChannels and maxBytes must be positive: " + maxChannels + ", " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
    }

    /**
     * Settings with the default global bounds.
     *
     * @param store       which store keeps the history
     * @param maxMessages most publications kept per channel
     * @param maxAge      how long a publication is kept
     * @param dataSource  JNDI name of the DataSource of the JDBC store
     */
    public HistorySettings(Store store, int maxMessages, Duration maxAge, String dataSource) {
        this(store, maxMessages, maxAge, dataSource, DEFAULT_MAX_CHANNELS, DEFAULT_MAX_BYTES);
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static HistorySettings read(ConfigReader reader) {
        String store = reader.getChoice(ConfigKeys.HISTORY_STORE, "memory", "memory", "jdbc", "none");
        return new HistorySettings(
                Store.valueOf(store.toUpperCase(Locale.ROOT)),
                reader.getInt(ConfigKeys.HISTORY_MAX_MESSAGES, DEFAULT_MAX_MESSAGES),
                Duration.ofSeconds(reader.getLong(ConfigKeys.HISTORY_MAX_AGE, DEFAULT_MAX_AGE.toSeconds())),
                reader.getString(ConfigKeys.DATASOURCE, DEFAULT_DATASOURCE),
                reader.getInt(ConfigKeys.HISTORY_MAX_CHANNELS, DEFAULT_MAX_CHANNELS),
                reader.getLong(ConfigKeys.HISTORY_MAX_BYTES, DEFAULT_MAX_BYTES));
    }
}
