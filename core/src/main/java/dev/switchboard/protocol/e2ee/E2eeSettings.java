package dev.switchboard.protocol.e2ee;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;

/**
 * The E2EE relay's settings, from the {@code switchboard.e2ee.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param maxMessageChars most characters of one frame of the relay protocol
 * @param maxKeys         most users with a published identity key
 * @param maxGroups       most groups
 * @param maxGroupMembers most members of one group
 * @param maxGroupsOfUser most groups one user is a member of
 */
public record E2eeSettings(int maxMessageChars, int maxKeys, int maxGroups, int maxGroupMembers, int maxGroupsOfUser) {

    /** The documented defaults. */
    public static final E2eeSettings DEFAULTS = new E2eeSettings(65_536, 100_000, 10_000, 256, 100);

    /** Validates. */
    public E2eeSettings {
        if (maxMessageChars < 1024 || maxKeys <= 0 || maxGroups <= 0 || maxGroupMembers < 2 || maxGroupsOfUser <= 0) {
            throw new IllegalArgumentException("E2EE limits out of range: message " + maxMessageChars + ", keys "
                    + maxKeys + ", groups " + maxGroups + ", members " + maxGroupMembers + ", groups per user "
                    + maxGroupsOfUser);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static E2eeSettings read(ConfigReader reader) {
        E2eeSettings d = DEFAULTS;
        return new E2eeSettings(
                reader.getInt(ConfigKeys.E2EE_MAX_MESSAGE_CHARS, d.maxMessageChars),
                reader.getInt(ConfigKeys.E2EE_MAX_KEYS, d.maxKeys),
                reader.getInt(ConfigKeys.E2EE_MAX_GROUPS, d.maxGroups),
                reader.getInt(ConfigKeys.E2EE_MAX_GROUP_MEMBERS, d.maxGroupMembers),
                reader.getInt(ConfigKeys.E2EE_MAX_GROUPS_OF_USER, d.maxGroupsOfUser));
    }
}
