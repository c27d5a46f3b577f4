/**
 * Clustering's settings and the inbox a container's message-driven bean feeds with the cluster topic's messages.
 * The cluster broker itself is {@link dev.switchboard.broker.JmsBroker}. See {@code docs/clustering.md}.
 */
package dev.switchboard.cluster;
