/**
 * The transport-neutral hub: the connection registry, the subprotocol registry, and the bounded per-connection
 * outbound queue every transport sends through.
 *
 * <p>WebSocket and SSE connections are the same to the hub; a transport adapter only supplies the one-frame
 * write and the close (see {@link dev.switchboard.hub.BaseConnection}).
 */
package dev.switchboard.hub;
