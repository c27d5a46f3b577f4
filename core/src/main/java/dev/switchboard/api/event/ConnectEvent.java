package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection opened; fired after the subprotocol handler's onOpen.
 *
 * @param connection the connection
 */
public record ConnectEvent(Connection connection) {}
