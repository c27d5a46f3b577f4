/**
 * The connection under the protocol client: one logical link to a list of servers that reconnects by itself,
 * over WebSocket or, where a proxy refuses WebSocket, Server-Sent Events. It carries text frames and knows nothing
 * of the sgc protocol; the protocol client re-establishes its state in {@link dev.switchboard.client.link.LinkListener#opened}.
 */
package dev.switchboard.client.link;
