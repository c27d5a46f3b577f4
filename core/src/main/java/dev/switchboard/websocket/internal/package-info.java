/**
 * Internals of the JSR-356 adapter: the per-handshake configurator, the endpoint that bridges a
 * {@code jakarta.websocket.Session} to a hub connection, and that connection. Nothing outside core uses them.
 */
package dev.switchboard.websocket.internal;
