package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * The transport of a connection failed; a DisconnectEvent follows.
 *
 * @param connection the connection
 * @param error the error
 */
public record ErrorEvent(Connection connection, Throwable error) {}
