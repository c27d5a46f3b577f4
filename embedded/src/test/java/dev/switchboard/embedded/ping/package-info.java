/**
 * Tests of ping on demand and pong events over real sockets: the round trip {@code Gateway.ping} measures, its bounds
 * and failures, and the pongs handlers and CDI observers see.
 */
package dev.switchboard.embedded.ping;
