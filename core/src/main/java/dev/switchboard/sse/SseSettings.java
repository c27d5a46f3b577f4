package dev.switchboard.sse;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The SSE transport's settings, read once at startup from {@link ConfigKeys#SSE_ENABLED},
 * {@link ConfigKeys#SSE_HEARTBEAT_INTERVAL} and {@link ConfigKeys#SSE_RETRY}. The outbound queue bounds, the
 * connection limit, the allowed origins and the largest inbound message are shared with WebSocket
 * ({@code switchboard.outbound.*}, {@code switchboard.max-connections}, {@code switchboard.websocket.allowed-origins},
 * {@code switchboard.websocket.max-text-message-size}).
 *
 * @param enabled           whether SSE connections are accepted
 * @param heartbeatInterval time between heartbeat comments; zero for none
 * @param retry             the reconnection delay sent to clients
 */
public record SseSettings(boolean enabled, Duration heartbeatInterval, Duration retry) {

    /** Default {@link #heartbeatInterval}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** Default {@link #retry}: what browsers use when told nothing, and what sgc documents. */
    public static final Duration DEFAULT_RETRY = Duration.ofMillis(3000);

    /** Validates. */
    public SseSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(retry, "retry");
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must not be negative: " + heartbeatInterval);
        }
        if (retry.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static SseSettings read(ConfigReader reader) {
        return new SseSettings(reader.getBoolean(ConfigKeys.SSE_ENABLED, true),
                Duration.ofSeconds(reader.getLong(ConfigKeys.SSE_HEARTBEAT_INTERVAL,
                        DEFAULT_HEARTBEAT_INTERVAL.toSeconds())),
                Duration.ofMillis(reader.getLong(ConfigKeys.SSE_RETRY, DEFAULT_RETRY.toMillis())));
    }
}
