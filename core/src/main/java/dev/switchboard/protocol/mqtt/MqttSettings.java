package dev.switchboard.protocol.mqtt;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;

/**
 * The MQTT protocol's limits, read from the {@code switchboard.mqtt.*} keys of {@link ConfigKeys}; every field has
 * the documented default of its key ({@code docs/configuration.md}). Immutable.
 *
 * @param maxPacketSize        largest packet accepted from a client and sent to one (bytes, fixed header included)
 * @param maxInFlight          QoS 1 and 2 messages unacknowledged at once, each direction (Receive Maximum)
 * @param maxQueued            QoS 1 and 2 messages a session queues beyond its in-flight window or while offline;
 *                             beyond it the oldest queued message is dropped
 * @param maxSessions          sessions kept on this node; a CONNECT that needs a new one beyond it gets 0x97 (3.1.1:
 *                             0x03) after the oldest offline session could not be dropped
 * @param sessionExpiry        how long a persistent MQTT 3.1.1 session outlives its connection
 * @param maxSessionExpiry     the longest session expiry an MQTT 5 client may ask for
 * @param retainedMaxCount     retained messages kept
 * @param retainedMaxBytes     bytes of retained payloads kept
 * @param maxTopicLevels       most levels of a topic name or filter
 * @param maxKeepAlive         longest keep-alive granted; a longer one, or 0, is capped (MQTT 5: Server Keep Alive)
 * @param topicAliasMaximum    topic aliases an MQTT 5 client may set; 0 allows none
 * @param allowAnonymous       whether a CONNECT without user name is accepted on an anonymous connection
 */
public record MqttSettings(
        int maxPacketSize,
        int maxInFlight,
        int maxQueued,
        int maxSessions,
        Duration sessionExpiry,
        Duration maxSessionExpiry,
        int retainedMaxCount,
        long retainedMaxBytes,
        int maxTopicLevels,
        Duration maxKeepAlive,
        int topicAliasMaximum,
        boolean allowAnonymous) {

    /** Default largest packet: 256 KiB, below the default WebSocket binary message limit of 1 MiB. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 262_144;
    /** Default in-flight window. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    /** Default queue bound per session. */
    public static final int DEFAULT_MAX_QUEUED = 1000;
    /** Default session bound. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** Default 3.1.1 session expiry: one hour. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    /** Default cap of an MQTT 5 session expiry: one day. */
    public static final Duration DEFAULT_MAX_SESSION_EXPIRY = Duration.ofDays(1);
    /** Default retained message count. */
    public static final int DEFAULT_RETAINED_MAX_COUNT = 10_000;
    /** Default retained bytes: 16 MiB. */
    public static final long DEFAULT_RETAINED_MAX_BYTES = 16L * 1024 * 1024;
    /** Default topic levels. */
    public static final int DEFAULT_MAX_TOPIC_LEVELS = 32;
    /** Default keep-alive cap: five minutes. */
    public static final Duration DEFAULT_MAX_KEEP_ALIVE = Duration.ofMinutes(5);
    /** Default topic alias maximum. */
    public static final int DEFAULT_TOPIC_ALIAS_MAXIMUM = 16;

    /** Validates. */
    public MqttSettings {
        if (maxPacketSize < 64 || maxPacketSize > MqttCodec.MAX_VARIABLE_INTEGER) {
            throw new IllegalArgumentException("maxPacketSize must be 64 to 268435455: " + maxPacketSize);
        }
        if (maxInFlight < 1 || maxInFlight > 65_535) {
            throw new IllegalArgumentException("maxInFlight must be 1 to 65535: " + maxInFlight);
        }
        if (maxQueued < 0 || maxSessions < 1 || retainedMaxCount < 0 || retainedMaxBytes < 0 || maxTopicLevels < 1) {
            throw new IllegalArgumentException("MQTT limits must not be negative (sessions and levels at least 1)");
        }
        if (sessionExpiry.isNegative() || maxSessionExpiry.isNegative()) {
            throw new IllegalArgumentException("session expiry must not be negative");
        }
        if (maxKeepAlive.isNegative() || maxKeepAlive.isZero() || maxKeepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException("maxKeepAlive must be 1 to 65535 s: " + maxKeepAlive);
        }
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65_535) {
            throw new IllegalArgumentException("topicAliasMaximum must be 0 to 65535: " + topicAliasMaximum);
        }
    }

    /**
     * The documented defaults.
     *
     * @return the settings
     */
    public static MqttSettings defaults() {
        return new MqttSettings(
                DEFAULT_MAX_PACKET_SIZE,
                DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_MAX_QUEUED,
                DEFAULT_MAX_SESSIONS,
                DEFAULT_SESSION_EXPIRY,
                DEFAULT_MAX_SESSION_EXPIRY,
                DEFAULT_RETAINED_MAX_COUNT,
                DEFAULT_RETAINED_MAX_BYTES,
                DEFAULT_MAX_TOPIC_LEVELS,
                DEFAULT_MAX_KEEP_ALIVE,
                DEFAULT_TOPIC_ALIAS_MAXIMUM,
                true);
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static MqttSettings read(ConfigReader reader) {
        return new MqttSettings(
                reader.getInt(ConfigKeys.MQTT_MAX_PACKET_SIZE, DEFAULT_MAX_PACKET_SIZE),
                reader.getInt(ConfigKeys.MQTT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
                reader.getInt(ConfigKeys.MQTT_MAX_QUEUED, DEFAULT_MAX_QUEUED),
                reader.getInt(ConfigKeys.MQTT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS),
                Duration.ofSeconds(reader.getLong(ConfigKeys.MQTT_SESSION_EXPIRY, DEFAULT_SESSION_EXPIRY.toSeconds())),
                Duration.ofSeconds(
                        reader.getLong(ConfigKeys.MQTT_MAX_SESSION_EXPIRY, DEFAULT_MAX_SESSION_EXPIRY.toSeconds())),
                reader.getInt(ConfigKeys.MQTT_RETAINED_MAX_COUNT, DEFAULT_RETAINED_MAX_COUNT),
                reader.getLong(ConfigKeys.MQTT_RETAINED_MAX_BYTES, DEFAULT_RETAINED_MAX_BYTES),
                reader.getInt(ConfigKeys.MQTT_MAX_TOPIC_LEVELS, DEFAULT_MAX_TOPIC_LEVELS),
                Duration.ofSeconds(reader.getLong(ConfigKeys.MQTT_MAX_KEEP_ALIVE, DEFAULT_MAX_KEEP_ALIVE.toSeconds())),
                reader.getInt(ConfigKeys.MQTT_TOPIC_ALIAS_MAXIMUM, DEFAULT_TOPIC_ALIAS_MAXIMUM),
                reader.getBoolean(ConfigKeys.MQTT_ALLOW_ANONYMOUS, true));
    }
}
