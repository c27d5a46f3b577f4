/**
 * Channel names: their one canonical form, the limits on names a client sends, and the one wildcard matcher
 * that channel masks, group masks and permission rules share.
 *
 * <p>Decision: a channel is identified by the exact code points of its NFC form; masks and rules match
 * case-insensitively, and only through {@link dev.switchboard.channel.ChannelNames#fold}, a context-free
 * per-code-point lower-casing applied to both pattern and name before {@link dev.switchboard.channel.Glob}
 * compares them. A rule and a mask therefore always agree on which names a pattern covers: there is no second
 * engine (no regular expression, no locale) that could fold {@code ı}, {@code İ}, {@code ſ} or the Kelvin sign
 * differently. Matching is O(n·m) at worst, since masks come from clients.
 *
 * <p>This package depends on nothing else of Switchboard, so the hub and the security filters can both use it.
 */
package dev.switchboard.channel;
