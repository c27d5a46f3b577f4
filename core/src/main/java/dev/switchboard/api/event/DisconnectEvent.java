package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection closed; its subscriptions and group memberships are already gone.
 *
 * @param connection the connection
 * @param code the code
 * @param reason the reason
 */
public record DisconnectEvent(Connection connection, int code, String reason) {}
