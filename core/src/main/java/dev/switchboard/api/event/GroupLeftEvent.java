package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection left a group: {@link dev.switchboard.api.Gateway#leaveGroup}, or the connection closed. Fired by the
 * hub after the membership ended, synchronously on the leaving thread; for a closing connection, once per group, before
 * its {@link DisconnectEvent}.
 *
 * @param connection       the connection
 * @param group            the group name
 * @param connectionClosed true when the membership ended because the connection closed
 */
public record GroupLeftEvent(Connection connection, String group, boolean connectionClosed) {}
