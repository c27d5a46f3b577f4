/**
 * The Java client of the sgc protocol: subscribe, publish with QoS 0/1/2, RPC, transactions, stored queues and
 * resume after a reconnect, over a {@link dev.switchboard.client.link.Link} that survives lost connections.
 */
package dev.switchboard.client;
