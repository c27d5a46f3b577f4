package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's settings, resolved once at startup. Immutable; {@link #builder()} and {@link #toBuilder()}
 * make changed copies. {@link #read(ConfigReader)} fills it from the documented keys of {@link ConfigKeys}.
 *
 * @param websocketPaths               servlet URL patterns that accept WebSocket upgrades
 * @param maxTextMessageSize           largest inbound text message in bytes
 * @param maxBinaryMessageSize         largest inbound binary message in bytes
 * @param idleTimeout                  WebSocket idle timeout; zero keeps the container default
 * @param rejectUnsupportedSubprotocol whether an offer with no supported subprotocol is refused with HTTP 400
 * @param outboundMaxMessages          outbound queue bound in messages
 * @param outboundMaxBytes             outbound queue bound in bytes
 * @param maxConnections               most open connections; 0 for no limit
 * @param allowedOrigins               allowed {@code Origin} values; empty means the request's own host
 * @param channelMasks                 whether channel names with {@code * ? [} are masks
 * @param heartbeatEnabled             whether idle peers are pinged
 * @param heartbeatInterval            time between pings
 * @param heartbeatTimeout             time a ping may stay unanswered before the connection is closed
 * @param heartbeatOnlyWhenIdle        ping only connections that sent nothing for an interval
 * @param fanoutBatch                  fewest subscribers whose writes a fan-out hands to another thread as one
 *                                     batch; 0 writes every fan-out on the publishing thread
 */
public record SwitchboardConfig(
        List<String> websocketPaths,
        int maxTextMessageSize,
        int maxBinaryMessageSize,
        Duration idleTimeout,
        boolean rejectUnsupportedSubprotocol,
        int outboundMaxMessages,
        long outboundMaxBytes,
        int maxConnections,
        List<String> allowedOrigins,
        boolean channelMasks,
        boolean heartbeatEnabled,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        boolean heartbeatOnlyWhenIdle,
        int fanoutBatch) {

    /** Default inbound message limit: 1 MiB, large enough for documents, small enough to bound memory. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    /** Default outbound queue bound in messages. */
    public static final int DEFAULT_OUTBOUND_MAX_MESSAGES = 1024;
    /** Default outbound queue bound in bytes: 1 MiB per connection, as Centrifuge does. */
    public static final long DEFAULT_OUTBOUND_MAX_BYTES = 1L << 20;

    /**
     * Default fewest writes per parallel fan-out batch: below a few hundred, handing a batch to another thread costs
     * about what the writes do.
     */
    public static final int DEFAULT_FANOUT_BATCH = 256;

    /** Default time between heartbeat pings. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    /** Default time a heartbeat ping may stay unanswered. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

    /** Validates and copies. */
    public SwitchboardConfig {
        websocketPaths = List.copyOf(Objects.requireNonNull(websocketPaths, "websocketPaths"));
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must not be negative: " + maxConnections);
        }
        requirePositive("heartbeatInterval", heartbeatInterval.toNanos());
        requirePositive("heartbeatTimeout", heartbeatTimeout.toNanos());
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        requirePositive("maxTextMessageSize", maxTextMessageSize);
        requirePositive("maxBinaryMessageSize", maxBinaryMessageSize);
        requirePositive("outboundMaxMessages", outboundMaxMessages);
        requirePositive("outboundMaxBytes", outboundMaxBytes);
        if (fanoutBatch < 0) {
            throw new IllegalArgumentException("fanoutBatch must not be negative: " + fanoutBatch);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static SwitchboardConfig read(ConfigReader reader) {
        return builder()
                .websocketPaths(reader.getList(ConfigKeys.WEBSOCKET_PATHS, List.of("/*")))
                .maxTextMessageSize(reader.getInt(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE))
                .maxBinaryMessageSize(
                        reader.getInt(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE))
                .idleTimeout(Duration.ofSeconds(reader.getLong(ConfigKeys.WEBSOCKET_IDLE_TIMEOUT, 0)))
                .rejectUnsupportedSubprotocol("reject"
                        .equals(reader.getChoice(
                                ConfigKeys.WEBSOCKET_UNSUPPORTED_SUBPROTOCOL, "reject", "reject", "accept")))
                .outboundMaxMessages(reader.getInt(ConfigKeys.OUTBOUND_MAX_MESSAGES, DEFAULT_OUTBOUND_MAX_MESSAGES))
                .outboundMaxBytes(reader.getLong(ConfigKeys.OUTBOUND_MAX_BYTES, DEFAULT_OUTBOUND_MAX_BYTES))
                .maxConnections(reader.getInt(ConfigKeys.MAX_CONNECTIONS, 0))
                .allowedOrigins(reader.getList(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, List.of()))
                .channelMasks(reader.getBoolean(ConfigKeys.CHANNELS_MASKS, true))
                .heartbeatEnabled(reader.getBoolean(ConfigKeys.HEARTBEAT_ENABLED, true))
                .heartbeatInterval(Duration.ofSeconds(
                        reader.getLong(ConfigKeys.HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL.toSeconds())))
                .heartbeatTimeout(Duration.ofSeconds(
                        reader.getLong(ConfigKeys.HEARTBEAT_TIMEOUT, DEFAULT_HEARTBEAT_TIMEOUT.toSeconds())))
                .heartbeatOnlyWhenIdle(reader.getBoolean(ConfigKeys.HEARTBEAT_ONLY_WHEN_IDLE, false))
                .fanoutBatch(reader.getInt(ConfigKeys.FANOUT_BATCH, DEFAULT_FANOUT_BATCH))
                .build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .websocketPaths(websocketPaths)
                .maxTextMessageSize(maxTextMessageSize)
                .maxBinaryMessageSize(maxBinaryMessageSize)
                .idleTimeout(idleTimeout)
                .rejectUnsupportedSubprotocol(rejectUnsupportedSubprotocol)
                .outboundMaxMessages(outboundMaxMessages)
                .outboundMaxBytes(outboundMaxBytes)
                .maxConnections(maxConnections)
                .allowedOrigins(allowedOrigins)
                .channelMasks(channelMasks)
                .heartbeatEnabled(heartbeatEnabled)
                .heartbeatInterval(heartbeatInterval)
                .heartbeatTimeout(heartbeatTimeout)
                .heartbeatOnlyWhenIdle(heartbeatOnlyWhenIdle)
                .fanoutBatch(fanoutBatch);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds {@link SwitchboardConfig}; starts from the documented defaults. */
    public static final class Builder {
        private List<String> websocketPaths = List.of("/*");
        private int maxTextMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxBinaryMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration idleTimeout = Duration.ZERO;
        private boolean rejectUnsupportedSubprotocol = true;
        private int outboundMaxMessages = DEFAULT_OUTBOUND_MAX_MESSAGES;
        private long outboundMaxBytes = DEFAULT_OUTBOUND_MAX_BYTES;
        private int maxConnections;
        private List<String> allowedOrigins = List.of();
        private boolean channelMasks = true;
        private boolean heartbeatEnabled = true;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private boolean heartbeatOnlyWhenIdle;
        private int fanoutBatch = DEFAULT_FANOUT_BATCH;

        private Builder() {}

        /**
         * Sets the websocketPaths.
         *
         * @param value URL patterns
         * @return this builder
         */
        public Builder websocketPaths(List<String> value) {
            this.websocketPaths = value;
            return this;
        }

        /**
         * Sets the maxTextMessageSize.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder maxTextMessageSize(int value) {
            this.maxTextMessageSize = value;
            return this;
        }

        /**
         * Sets the maxBinaryMessageSize.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder maxBinaryMessageSize(int value) {
            this.maxBinaryMessageSize = value;
            return this;
        }

        /**
         * Sets the idleTimeout.
         *
         * @param value the idle timeout, zero for the container default
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /**
         * Sets the rejectUnsupportedSubprotocol.
         *
         * @param value whether to refuse offers without a supported subprotocol
         * @return this builder
         */
        public Builder rejectUnsupportedSubprotocol(boolean value) {
            this.rejectUnsupportedSubprotocol = value;
            return this;
        }

        /**
         * Sets the outboundMaxMessages.
         *
         * @param value messages
         * @return this builder
         */
        public Builder outboundMaxMessages(int value) {
            this.outboundMaxMessages = value;
            return this;
        }

        /**
         * Sets the outboundMaxBytes.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder outboundMaxBytes(long value) {
            this.outboundMaxBytes = value;
            return this;
        }

        /**
         * Sets the maxConnections.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * Sets the allowedOrigins.
         *
         * @param value the value
         * @return this builder
         */
        public Builder allowedOrigins(List<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        /**
         * Sets the channelMasks.
         *
         * @param value the value
         * @return this builder
         */
        public Builder channelMasks(boolean value) {
            this.channelMasks = value;
            return this;
        }

        /**
         * Sets the heartbeatEnabled.
         *
         * @param value the value
         * @return this builder
         */
        public Builder heartbeatEnabled(boolean value) {
            this.heartbeatEnabled = value;
            return this;
        }

        /**
         * Sets the heartbeatInterval.
         *
         * @param value the value
         * @return this builder
         */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        /**
         * Sets the heartbeatTimeout.
         *
         * @param value the value
         * @return this builder
         */
        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = value;
            return this;
        }

        /**
         * Sets the heartbeatOnlyWhenIdle.
         *
         * @param value the value
         * @return this builder
         */
        public Builder heartbeatOnlyWhenIdle(boolean value) {
            this.heartbeatOnlyWhenIdle = value;
            return this;
        }

        /**
         * Sets the fanoutBatch.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fanoutBatch(int value) {
            this.fanoutBatch = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public SwitchboardConfig build() {
            return new SwitchboardConfig(
                    websocketPaths,
                    maxTextMessageSize,
                    maxBinaryMessageSize,
                    idleTimeout,
                    rejectUnsupportedSubprotocol,
                    outboundMaxMessages,
                    outboundMaxBytes,
                    maxConnections,
                    allowedOrigins,
                    channelMasks,
                    heartbeatEnabled,
                    heartbeatInterval,
                    heartbeatTimeout,
                    heartbeatOnlyWhenIdle,
                    fanoutBatch);
        }
    }
}
