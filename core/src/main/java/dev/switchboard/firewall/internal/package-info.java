/**
 * The firewall's internals: client-address resolution and keys, bounded per-address tables, the ban list with its
 * escalation and threat score, counters, ban storage and the announcements that share bans between the nodes of a
 * cluster; the stages themselves are in {@code internal.stage}.
 * Nothing outside {@code dev.switchboard.firewall} uses them.
 */
package dev.switchboard.firewall.internal;
