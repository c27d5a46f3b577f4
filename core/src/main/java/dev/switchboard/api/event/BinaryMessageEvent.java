package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A binary message arrived on a connection. The buffer is read-only.
 *
 * @param connection the connection
 * @param message the message
 */
public record BinaryMessageEvent(Connection connection, java.nio.ByteBuffer message) {}
