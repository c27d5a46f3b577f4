/**
 * The implementation of {@link dev.switchboard.client.link.Link}: the reconnecting state machine, the WebSocket and
 * SSE transports on Jetty's clients, logins, and the serial executor that keeps listener calls in order. Not an API:
 * the protocol client uses only {@code dev.switchboard.client.link}.
 */
package dev.switchboard.client.link.internal;
