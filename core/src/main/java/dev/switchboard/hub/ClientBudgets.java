package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;

/**
 * What the hub lets one client connection hold, read once at startup: the limits on the channel names and lists it
 * sends, and how many channels and masks it may be subscribed to at once (fewer for an anonymous connection, one
 * without a principal).
 *
 * @param channels               limits on names, masks and comma lists
 * @param subscriptions          most subscriptions of an authenticated connection
 * @param anonymousSubscriptions most subscriptions of an anonymous connection
 */
public record ClientBudgets(ChannelNames.Limits channels, int subscriptions, int anonymousSubscriptions) {

    /** Default {@link #subscriptions}. */
    public static final int DEFAULT_SUBSCRIPTIONS = 1000;
    /** Default {@link #anonymousSubscriptions}. */
    public static final int DEFAULT_ANONYMOUS_SUBSCRIPTIONS = 100;
    /** The documented defaults. */
    public static final ClientBudgets DEFAULTS =
            new ClientBudgets(ChannelNames.Limits.DEFAULTS, DEFAULT_SUBSCRIPTIONS, DEFAULT_ANONYMOUS_SUBSCRIPTIONS);

    /** Validates. */
    public ClientBudgets {
        java.util.Objects.requireNonNull(channels, "channels");
        if (subscriptions <= 0 || anonymousSubscriptions < 0) {
            throw new IllegalArgumentException(
                    "subscription budgets must be positive: " + subscriptions + ", " + anonymousSubscriptions);
        }
    }

    /**
     * The budgets as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the budgets
     */
    public static ClientBudgets read(ConfigReader reader) {
        return new ClientBudgets(
                new ChannelNames.Limits(
                        reader.getInt(ConfigKeys.CHANNELS_MAX_LENGTH, ChannelNames.Limits.DEFAULT_MAX_LENGTH),
                        reader.getInt(ConfigKeys.CHANNELS_MAX_WILDCARDS, ChannelNames.Limits.DEFAULT_MAX_WILDCARDS),
                        reader.getInt(ConfigKeys.CHANNELS_MAX_LIST, ChannelNames.Limits.DEFAULT_MAX_LIST_SIZE)),
                reader.getInt(ConfigKeys.BUDGET_SUBSCRIPTIONS, DEFAULT_SUBSCRIPTIONS),
                reader.getInt(ConfigKeys.BUDGET_ANONYMOUS_SUBSCRIPTIONS, DEFAULT_ANONYMOUS_SUBSCRIPTIONS));
    }

    /**
     * Tells whether a connection gets the anonymous budgets.
     *
     * @param connection the connection
     * @return true when it has no principal (no Switchboard identity and no container principal)
     */
    public static boolean isAnonymous(Connection connection) {
        return connection.principal().isEmpty();
    }

    /**
     * The subscription budget of a connection.
     *
     * @param connection the connection
     * @return the most subscriptions it may hold
     */
    public int subscriptionsOf(Connection connection) {
        return isAnonymous(connection) ? anonymousSubscriptions : subscriptions;
    }
}
