package dev.switchboard.sse;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The SSE transport's settings, read once at startup from {@link ConfigKeys#SSE_ENABLED},
 * {@link ConfigKeys#SSE_HEARTBEAT_INTERVAL}, {@link ConfigKeys#SSE_RETRY}, {@link ConfigKeys#SSE_POST_MAX_SIZE} and
 * {@link ConfigKeys#SSE_POST_READ_TIMEOUT}. The outbound queue bounds, the connection limit and the allowed origins
 * are shared with WebSocket ({@code switchboard.outbound.*}, {@code switchboard.max-connections},
 * {@code switchboard.websocket.allowed-origins}); the largest message POST defaults to WebSocket's largest text
 * message ({@code switchboard.websocket.max-text-message-size}).
 *
 * @param enabled           whether SSE connections are accepted
 * @param heartbeatInterval time between heartbeat comments; zero for none
 * @param retry             the reconnection delay sent to clients
 * @param postMaxSize       the largest message POST body, in bytes
 * @param postReadTimeout   the longest time a client may take to send a message POST body
 */
public record SseSettings(
        boolean enabled, Duration heartbeatInterval, Duration retry, int postMaxSize, Duration postReadTimeout) {

    /** Default {@link #heartbeatInterval}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** Default {@link #retry}: what browsers use when told nothing, and what sgc documents. */
    public static final Duration DEFAULT_RETRY = Duration.ofMillis(3000);
    /**
     * Default {@link #postReadTimeout}: ample for a message of the default size on a slow mobile link, short enough
     * that a client trickling one byte at a time cannot hold a request thread or connection for long.
     */
    public static final Duration DEFAULT_POST_READ_TIMEOUT = Duration.ofSeconds(10);

    /** Validates. */
    public SseSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(postReadTimeout, "postReadTimeout");
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must not be negative: " + heartbeatInterval);
        }
        if (retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        if (postMaxSize < 1) {
            throw new IllegalArgumentException(
                    ConfigKeys.SSE_POST_MAX_SIZE + " must be a positive number of bytes: " + postMaxSize);
        }
        if (postReadTimeout.isNegative() || postReadTimeout.isZero()) {
            throw new IllegalArgumentException(ConfigKeys.SSE_POST_READ_TIMEOUT
                    + " must be a positive number of milliseconds: " + postReadTimeout.toMillis());
        }
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static SseSettings read(ConfigReader reader) {
        int messageSize =
                reader.getInt(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, SwitchboardConfig.DEFAULT_MAX_MESSAGE_SIZE);
        return new SseSettings(
                reader.getBoolean(ConfigKeys.SSE_ENABLED, true),
                Duration.ofSeconds(
                        reader.getLong(ConfigKeys.SSE_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL.toSeconds())),
                Duration.ofMillis(reader.getLong(ConfigKeys.SSE_RETRY, DEFAULT_RETRY.toMillis())),
                reader.getInt(ConfigKeys.SSE_POST_MAX_SIZE, messageSize),
                Duration.ofMillis(
                        reader.getLong(ConfigKeys.SSE_POST_READ_TIMEOUT, DEFAULT_POST_READ_TIMEOUT.toMillis())));
    }
}
