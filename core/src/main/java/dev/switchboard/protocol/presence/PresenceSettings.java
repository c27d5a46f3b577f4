package dev.switchboard.protocol.presence;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;

/**
 * The presence protocol's settings, from the {@code switchboard.presence.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param maxMembersPerChannel most members of one presence channel
 * @param maxChannelsPerMember most presence channels one member joins
 * @param maxNameLength        most characters of a member's name
 * @param maxInfoLength        most characters of a member's info
 * @param maxInvitees          most members one invitation names
 * @param maxIdLength          most characters of a message id a client sends
 * @param acknowledgment       whether server messages carry an id and are re-sent until acknowledged
 * @param ackInterval          how often unacknowledged messages are scanned
 * @param ackTimeout           the age after which an unacknowledged message is re-sent
 * @param maxPendingAcks       most unacknowledged messages kept for one connection
 * @param encodeBase64         whether string values are sent as {@code sgc@b64:} Base64
 * @param lease                in a cluster, how long another node's members are kept without a renewal
 */
public record PresenceSettings(
        int maxMembersPerChannel,
        int maxChannelsPerMember,
        int maxNameLength,
        int maxInfoLength,
        int maxInvitees,
        int maxIdLength,
        boolean acknowledgment,
        Duration ackInterval,
        Duration ackTimeout,
        int maxPendingAcks,
        boolean encodeBase64,
        Duration lease) {

    /** The documented defaults. */
    public static final PresenceSettings DEFAULTS = new PresenceSettings(
            1000,
            100,
            256,
            4096,
            100,
            128,
            false,
            Duration.ofSeconds(60),
            Duration.ofSeconds(300),
            1000,
            false,
            Duration.ofSeconds(15));

    /** Validates. */
    public PresenceSettings {
        if (maxMembersPerChannel <= 0 || maxChannelsPerMember <= 0 || maxInvitees <= 0 || maxPendingAcks <= 0) {
            throw new IllegalArgumentException("presence bounds must be positive: members per channel "
                    + maxMembersPerChannel + ", channels per member " + maxChannelsPerMember + ", invitees "
                    + maxInvitees + ", pending acknowledgments " + maxPendingAcks);
        }
        if (maxNameLength < 0 || maxInfoLength < 0 || maxIdLength < 1) {
            throw new IllegalArgumentException("presence lengths must not be negative, the id length at least 1");
        }
        if (ackInterval.isNegative() || ackInterval.isZero() || ackTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "presence acknowledgment interval must be positive, timeout not negative");
        }
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("presence lease must be at least 300 ms: " + lease);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static PresenceSettings read(ConfigReader reader) {
        PresenceSettings d = DEFAULTS;
        return new PresenceSettings(
                reader.getInt(ConfigKeys.PRESENCE_MAX_MEMBERS_PER_CHANNEL, d.maxMembersPerChannel),
                reader.getInt(ConfigKeys.PRESENCE_MAX_CHANNELS_PER_MEMBER, d.maxChannelsPerMember),
                reader.getInt(ConfigKeys.PRESENCE_MAX_NAME_LENGTH, d.maxNameLength),
                reader.getInt(ConfigKeys.PRESENCE_MAX_INFO_LENGTH, d.maxInfoLength),
                reader.getInt(ConfigKeys.PRESENCE_MAX_INVITEES, d.maxInvitees),
                reader.getInt(ConfigKeys.PRESENCE_MAX_ID_LENGTH, d.maxIdLength),
                reader.getBoolean(ConfigKeys.PRESENCE_ACK_ENABLED, d.acknowledgment),
                Duration.ofSeconds(reader.getLong(ConfigKeys.PRESENCE_ACK_INTERVAL, d.ackInterval.toSeconds())),
                Duration.ofSeconds(reader.getLong(ConfigKeys.PRESENCE_ACK_TIMEOUT, d.ackTimeout.toSeconds())),
                reader.getInt(ConfigKeys.PRESENCE_ACK_MAX_PENDING, d.maxPendingAcks),
                reader.getBoolean(ConfigKeys.PRESENCE_ENCODE_BASE64, d.encodeBase64),
                Duration.ofMillis(reader.getLong(ConfigKeys.PRESENCE_LEASE, d.lease.toMillis())));
    }
}
