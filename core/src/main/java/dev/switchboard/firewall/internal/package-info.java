/**
 * The firewall's internals: client-address resolution, bounded per-address tables and ban storage. Nothing outside
 * {@code dev.switchboard.firewall} uses them.
 */
package dev.switchboard.firewall.internal;
