package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection joined a group it was not a member of ({@link dev.switchboard.api.Gateway#joinGroup}, or a protocol
 * that groups its clients). Fired by the hub after the membership took effect, synchronously on the joining thread.
 *
 * @param connection the connection
 * @param group      the group name
 */
public record GroupJoinedEvent(Connection connection, String group) {}
