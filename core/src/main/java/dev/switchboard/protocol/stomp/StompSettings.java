package dev.switchboard.protocol.stomp;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;

/**
 * The STOMP protocol's settings, from the {@code switchboard.stomp.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param maxFrameBytes         most bytes of one frame, command to NUL
 * @param maxHeaders            most headers of one frame
 * @param maxHeaderLength       most bytes of one header line
 * @param heartbeatSend         the server's send interval offered in CONNECTED; zero for none
 * @param heartbeatReceive      the client interval the server asks for; zero for none
 * @param heartbeatTolerance    how many negotiated intervals a client may stay silent before it is closed
 * @param maxPendingAcks        most unacknowledged messages of one subscription
 * @param maxTransactions       most open transactions of one connection
 * @param maxTransactionFrames  most frames one transaction holds
 * @param connectTimeout        how long a connection may stay open without a CONNECT frame
 * @param queueLease            in a cluster, how long a node's announced interest in a queue lasts unless renewed
 */
public record StompSettings(
        int maxFrameBytes,
        int maxHeaders,
        int maxHeaderLength,
        Duration heartbeatSend,
        Duration heartbeatReceive,
        double heartbeatTolerance,
        int maxPendingAcks,
        int maxTransactions,
        int maxTransactionFrames,
        Duration connectTimeout,
        Duration queueLease) {

    /** The documented defaults. */
    public static final StompSettings DEFAULTS = new StompSettings(
            65_536,
            32,
            4096,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            2.0,
            1000,
            8,
            1000,
            Duration.ofSeconds(10),
            Duration.ofSeconds(15));

    /** Validates. */
    public StompSettings {
        if (maxFrameBytes < 256 || maxHeaders < 4 || maxHeaderLength < 64) {
            throw new IllegalArgumentException("STOMP limits too small: frame " + maxFrameBytes + ", headers "
                    + maxHeaders + ", header length " + maxHeaderLength);
        }
        if (heartbeatSend.isNegative() || heartbeatReceive.isNegative() || heartbeatTolerance < 1.0) {
            throw new IllegalArgumentException("STOMP heart-beats: intervals must not be negative, tolerance >= 1");
        }
        if (maxPendingAcks <= 0 || maxTransactions <= 0 || maxTransactionFrames <= 0) {
            throw new IllegalArgumentException("STOMP ack and transaction bounds must be positive");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("STOMP connect timeout must be positive: " + connectTimeout);
        }
        if (queueLease.toMillis() < 300) {
            throw new IllegalArgumentException("STOMP queue lease must be at least 300 ms: " + queueLease);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static StompSettings read(ConfigReader reader) {
        StompSettings d = DEFAULTS;
        return new StompSettings(
                reader.getInt(ConfigKeys.STOMP_MAX_FRAME_BYTES, d.maxFrameBytes),
                reader.getInt(ConfigKeys.STOMP_MAX_HEADERS, d.maxHeaders),
                reader.getInt(ConfigKeys.STOMP_MAX_HEADER_LENGTH, d.maxHeaderLength),
                Duration.ofMillis(reader.getLong(ConfigKeys.STOMP_HEARTBEAT_SEND, d.heartbeatSend.toMillis())),
                Duration.ofMillis(reader.getLong(ConfigKeys.STOMP_HEARTBEAT_RECEIVE, d.heartbeatReceive.toMillis())),
                Double.parseDouble(
                        reader.getString(ConfigKeys.STOMP_HEARTBEAT_TOLERANCE, Double.toString(d.heartbeatTolerance))),
                reader.getInt(ConfigKeys.STOMP_MAX_PENDING_ACKS, d.maxPendingAcks),
                reader.getInt(ConfigKeys.STOMP_MAX_TRANSACTIONS, d.maxTransactions),
                reader.getInt(ConfigKeys.STOMP_MAX_TRANSACTION_FRAMES, d.maxTransactionFrames),
                Duration.ofMillis(reader.getLong(ConfigKeys.STOMP_CONNECT_TIMEOUT, d.connectTimeout.toMillis())),
                Duration.ofMillis(reader.getLong(ConfigKeys.STOMP_QUEUE_LEASE, d.queueLease.toMillis())));
    }
}
