/**
 * What applications call and implement: connections, transports, the close-code catalogue and the
 * {@link dev.switchboard.api.Subprotocol @Subprotocol} qualifier that turns a CDI bean into a subprotocol.
 *
 * <p>This is the only package (with {@code spi}) that application code should import. Types here never
 * expose a container class, so the same application runs on embedded Jetty and on WildFly.
 */
package dev.switchboard.api;
