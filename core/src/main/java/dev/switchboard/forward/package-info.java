/**
 * HTTP forwarding, WebSocket proxying, a WebSocket-to-TCP bridge and load balancing over upstreams: the reverse
 * proxy that puts legacy HTTP and WebSocket services behind Switchboard's origin, firewall and authentication.
 *
 * <p>{@link dev.switchboard.forward.ForwardingFilter} is registered after authentication and before the WebSocket
 * handshake filter; routes (path prefixes and {@code ~regex} patterns) come from {@code switchboard.forward.routes}
 * and the file named by {@code switchboard.forward.routes-file} ({@link dev.switchboard.forward.RouteParser} documents the
 * format, {@link dev.switchboard.forward.Route} the matching, {@code docs/forwarding.md} the behaviour). Per the dependency rules this package sees
 * only api, spi, config and cdi.
 */
package dev.switchboard.forward;
