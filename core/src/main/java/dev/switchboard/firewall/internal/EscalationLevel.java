package dev.switchboard.firewall.internal;

import java.time.Instant;

/**
 * An address's ban-escalation state as stored: how many escalating bans it has had and when the last one began.
 *
 * @param address the address text
 * @param level   the index of the next ban's level
 * @param lastBan when the last ban began
 */
public record EscalationLevel(String address, int level, Instant lastBan) {}
