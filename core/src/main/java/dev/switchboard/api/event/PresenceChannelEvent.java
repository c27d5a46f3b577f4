package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A presence member asks to join a presence channel ({@code sgc@presence@channel@member@new}). Given to every
 * {@link dev.switchboard.spi.PresenceHandler}, after the channel rules allowed it and before the limits are counted.
 *
 * @param connection the asking connection; its id is the member id
 * @param name       the member's name
 * @param channel    the channel's canonical name
 */
public record PresenceChannelEvent(Connection connection, String name, String channel) {}
