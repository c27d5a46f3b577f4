package dev.switchboard.firewall.internal;

import java.net.InetAddress;

/**
 * A client as the firewall judges it: its address, and the key under which it is counted and banned (see
 * {@link ClientKeys}). Resolved once per request, and once per connection when it opens, so a message costs no
 * address work.
 *
 * @param address the client address
 * @param key     its key
 */
public record Client(InetAddress address, String key) {}
