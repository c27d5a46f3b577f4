/**
 * The protocol client's internals: frames of the sgc wire, the QoS flows of outgoing publications, pending calls,
 * channel positions for resume, and the bounded event delivery to listeners and {@link java.util.concurrent.Flow}
 * subscribers. Nothing here is API.
 */
package dev.switchboard.client.internal;
