/**
 * The machinery behind forwarding: upstream pools with health state, active health checks, hop-by-hop header
 * rules, the WebSocket relay and the TCP bridge. Nothing outside {@code dev.switchboard.forward} uses it.
 */
package dev.switchboard.forward.internal;
