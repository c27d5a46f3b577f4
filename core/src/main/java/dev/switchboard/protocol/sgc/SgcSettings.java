package dev.switchboard.protocol.sgc;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The sgc protocol's settings. Immutable; {@link #builder()} starts from the documented defaults and
 * {@link #read(ConfigReader)} fills it from the {@code switchboard.sgc.*} keys of {@link ConfigKeys}.
 *
 * @param qosLevel                the server's QoS level for the messages it tracks (session, RPC result, error)
 * @param qosInterval             how often unacknowledged server messages are scanned for re-sending
 * @param qosTimeout              how old an unacknowledged server message must be before it is re-sent
 * @param queueMaxMessages        most messages a channel keeps at queue level 2 (oldest dropped first)
 * @param transactionMaxMessages  most messages one open transaction holds; more are refused with -32000
 * @param rpcAuthorization        whether RPC calls are limited to {@link #rpcAllowedMethods}
 * @param rpcAllowedMethods       entries {@code method} (anyone may call it) or {@code method=user} (only the
 *                                connection whose principal has that name)
 * @param qosSessionTtl           how long a closed connection's QoS session (its QoS 2 state) is kept for the
 *                                client's next connection; zero turns the QoS session extension off
 * @param qosMaxSessions          most closed connections' QoS sessions kept (oldest dropped first)
 */
public record SgcSettings(
        QosLevel qosLevel,
        Duration qosInterval,
        Duration qosTimeout,
        int queueMaxMessages,
        int transactionMaxMessages,
        boolean rpcAuthorization,
        List<String> rpcAllowedMethods,
        Duration qosSessionTtl,
        int qosMaxSessions) {

    /** Default QoS scan interval: 60 s, as sgc. */
    public static final Duration DEFAULT_QOS_INTERVAL = Duration.ofSeconds(60);
    /** Default QoS re-send age: 300 s, as sgc. */
    public static final Duration DEFAULT_QOS_TIMEOUT = Duration.ofSeconds(300);
    /** Default level-2 queue bound per channel: enough for a catch-up, small enough to bound memory. */
    public static final int DEFAULT_QUEUE_MAX_MESSAGES = 1000;
    /** Default bound of one open transaction. */
    public static final int DEFAULT_TRANSACTION_MAX_MESSAGES = 1000;
    /** Default QoS session keep time: 60 s, long enough for a client's reconnect with backoff. */
    public static final Duration DEFAULT_QOS_SESSION_TTL = Duration.ofSeconds(60);
    /** Default bound of kept QoS sessions. */
    public static final int DEFAULT_QOS_MAX_SESSIONS = 10_000;

    /** Validates and copies. */
    public SgcSettings {
        Objects.requireNonNull(qosLevel, "qosLevel");
        Objects.requireNonNull(qosInterval, "qosInterval");
        Objects.requireNonNull(qosTimeout, "qosTimeout");
        rpcAllowedMethods = List.copyOf(rpcAllowedMethods);
        if (qosInterval.isNegative() || qosInterval.isZero()) {
            throw new IllegalArgumentException("qosInterval must be positive: " + qosInterval);
        }
        if (qosTimeout.isNegative()) {
            throw new IllegalArgumentException("qosTimeout must not be negative: " + qosTimeout);
        }
        if (queueMaxMessages <= 0) {
            throw new IllegalArgumentException("queueMaxMessages must be positive: " + queueMaxMessages);
        }
        if (transactionMaxMessages <= 0) {
            throw new IllegalArgumentException("transactionMaxMessages must be positive: " + transactionMaxMessages);
        }
        Objects.requireNonNull(qosSessionTtl, "qosSessionTtl");
        if (qosSessionTtl.isNegative()) {
            throw new IllegalArgumentException("qosSessionTtl must not be negative: " + qosSessionTtl);
        }
        if (qosMaxSessions <= 0) {
            throw new IllegalArgumentException("qosMaxSessions must be positive: " + qosMaxSessions);
        }
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static SgcSettings read(ConfigReader reader) {
        return builder()
                .qosLevel(QosLevel.fromConfig(reader.getString(ConfigKeys.SGC_QOS_LEVEL, "0")))
                .qosInterval(Duration.ofSeconds(
                        reader.getLong(ConfigKeys.SGC_QOS_INTERVAL, DEFAULT_QOS_INTERVAL.toSeconds())))
                .qosTimeout(
                        Duration.ofSeconds(reader.getLong(ConfigKeys.SGC_QOS_TIMEOUT, DEFAULT_QOS_TIMEOUT.toSeconds())))
                .queueMaxMessages(reader.getInt(ConfigKeys.SGC_QUEUE_MAX_MESSAGES, DEFAULT_QUEUE_MAX_MESSAGES))
                .transactionMaxMessages(
                        reader.getInt(ConfigKeys.SGC_TRANSACTION_MAX_MESSAGES, DEFAULT_TRANSACTION_MAX_MESSAGES))
                .rpcAuthorization(reader.getBoolean(ConfigKeys.SGC_RPC_AUTHORIZATION, false))
                .rpcAllowedMethods(reader.getList(ConfigKeys.SGC_RPC_ALLOWED_METHODS, List.of()))
                .qosSessionTtl(Duration.ofSeconds(
                        reader.getLong(ConfigKeys.SGC_QOS_SESSION_TTL, DEFAULT_QOS_SESSION_TTL.toSeconds())))
                .qosMaxSessions(reader.getInt(ConfigKeys.SGC_QOS_MAX_SESSIONS, DEFAULT_QOS_MAX_SESSIONS))
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
                .qosLevel(qosLevel)
                .qosInterval(qosInterval)
                .qosTimeout(qosTimeout)
                .queueMaxMessages(queueMaxMessages)
                .transactionMaxMessages(transactionMaxMessages)
                .rpcAuthorization(rpcAuthorization)
                .rpcAllowedMethods(rpcAllowedMethods)
                .qosSessionTtl(qosSessionTtl)
                .qosMaxSessions(qosMaxSessions);
    }

    /** Builds {@link SgcSettings}; starts from the documented defaults. */
    public static final class Builder {
        private QosLevel qosLevel = QosLevel.LEVEL0;
        private Duration qosInterval = DEFAULT_QOS_INTERVAL;
        private Duration qosTimeout = DEFAULT_QOS_TIMEOUT;
        private int queueMaxMessages = DEFAULT_QUEUE_MAX_MESSAGES;
        private int transactionMaxMessages = DEFAULT_TRANSACTION_MAX_MESSAGES;
        private boolean rpcAuthorization;
        private List<String> rpcAllowedMethods = List.of();
        private Duration qosSessionTtl = DEFAULT_QOS_SESSION_TTL;
        private int qosMaxSessions = DEFAULT_QOS_MAX_SESSIONS;

        private Builder() {}

        /**
         * Sets the server QoS level.
         *
         * @param value the level
         * @return this builder
         */
        public Builder qosLevel(QosLevel value) {
            this.qosLevel = value;
            return this;
        }

        /**
         * Sets the QoS scan interval.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder qosInterval(Duration value) {
            this.qosInterval = value;
            return this;
        }

        /**
         * Sets the QoS re-send age.
         *
         * @param value the age
         * @return this builder
         */
        public Builder qosTimeout(Duration value) {
            this.qosTimeout = value;
            return this;
        }

        /**
         * Sets the level-2 queue bound per channel.
         *
         * @param value messages
         * @return this builder
         */
        public Builder queueMaxMessages(int value) {
            this.queueMaxMessages = value;
            return this;
        }

        /**
         * Sets the bound of one transaction.
         *
         * @param value messages
         * @return this builder
         */
        public Builder transactionMaxMessages(int value) {
            this.transactionMaxMessages = value;
            return this;
        }

        /**
         * Turns RPC authorization on or off.
         *
         * @param value whether calls are limited to the allowed methods
         * @return this builder
         */
        public Builder rpcAuthorization(boolean value) {
            this.rpcAuthorization = value;
            return this;
        }

        /**
         * Sets the allowed RPC methods.
         *
         * @param value entries {@code method} or {@code method=user}
         * @return this builder
         */
        public Builder rpcAllowedMethods(List<String> value) {
            this.rpcAllowedMethods = value;
            return this;
        }

        /**
         * Sets how long a closed connection's QoS session is kept.
         *
         * @param value the keep time; zero turns QoS sessions off
         * @return this builder
         */
        public Builder qosSessionTtl(Duration value) {
            this.qosSessionTtl = value;
            return this;
        }

        /**
         * Sets the most QoS sessions kept.
         *
         * @param value sessions
         * @return this builder
         */
        public Builder qosMaxSessions(int value) {
            this.qosMaxSessions = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public SgcSettings build() {
            return new SgcSettings(
                    qosLevel,
                    qosInterval,
                    qosTimeout,
                    queueMaxMessages,
                    transactionMaxMessages,
                    rpcAuthorization,
                    rpcAllowedMethods,
                    qosSessionTtl,
                    qosMaxSessions);
        }
    }
}
