package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A client asks to publish to a channel. Given to every {@link dev.switchboard.spi.PublishHandler} in order;
 * each sees the message as rewritten by the handlers before it.
 *
 * @param connection the publishing connection
 * @param channel    the channel spec as the client sent it
 * @param message    the message
 */
public record PublishEvent(Connection connection, String channel, String message) {}
