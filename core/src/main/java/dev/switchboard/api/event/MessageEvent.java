package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A text message arrived on a connection.
 *
 * @param connection the connection
 * @param message the message
 */
public record MessageEvent(Connection connection, String message) {}
