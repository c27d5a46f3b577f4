/**
 * The connection under the protocol client: one logical link to a list of servers that reconnects by itself,
 * over WebSocket or, where a proxy refuses WebSocket, Server-Sent Events. It carries text frames and knows nothing
 * of the sgc protocol; the protocol client re-establishes its state in {@link dev.switchboard.client.link.LinkListener#opened}.
 *
 * <p>{@link dev.switchboard.client.link.Links} creates links from {@link dev.switchboard.client.link.LinkOptions}:
 * servers, credentials ({@link dev.switchboard.client.link.LinkAuth}, applied on every attempt), TLS stores,
 * proxies ({@link dev.switchboard.client.link.LinkProxy}), heartbeat, backoff and the bounded offline queue
 * ({@link dev.switchboard.client.link.QueueOverflow}). The implementation lives in {@code link.internal}.
 */
package dev.switchboard.client.link;
