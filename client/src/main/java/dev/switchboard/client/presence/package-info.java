/**
 * The Java client of the sgc Presence protocol ({@code presence.esegece.com}): a member with a name and info joins
 * channels, sees who else is in them, publishes to a channel's members or to everyone, invites, and is told of every
 * join and leave; the wire format is in {@code docs/protocols.md} (Presence).
 */
package dev.switchboard.client.presence;
