package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A presence client asks to become a member ({@code sgc@presence@member@new}). Given to every
 * {@link dev.switchboard.spi.PresenceHandler}, after the name and info passed the length limits.
 *
 * @param connection the asking connection; its id is the member id
 * @param name       the member name, decoded
 * @param info       the member info, decoded
 */
public record PresenceMemberEvent(Connection connection, String name, String info) {}
