/**
 * Clustering: the {@link dev.switchboard.cluster.JmsBroker}, which carries every request between the nodes of a
 * cluster over one Jakarta Messaging topic, the producer that chooses it or the in-memory broker, and the inbox a
 * container's message-driven bean feeds. See {@code docs/clustering.md}.
 */
package dev.switchboard.cluster;
