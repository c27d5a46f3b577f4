package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A client asks to subscribe to a channel (one name or mask, after comma lists were split). Given to every
 * {@link dev.switchboard.spi.SubscribeHandler}.
 *
 * @param connection the asking connection; its principal and attributes are available
 * @param channel    the channel name or mask
 */
public record SubscribeEvent(Connection connection, String channel) {}
