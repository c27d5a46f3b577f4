/**
 * The machinery behind forwarding: the HTTP exchange, the WebSocket relay and TCP bridge with the upgrade that
 * starts them, upstream pools with health state and failover, active health checks, and the header rules. Nothing
 * outside {@code dev.switchboard.forward} uses it.
 */
package dev.switchboard.forward.internal;
