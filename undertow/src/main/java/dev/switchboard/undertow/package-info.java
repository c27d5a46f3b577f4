/**
 * Switchboard's use of Undertow, WildFly's web container, where the Jakarta APIs stop short: the
 * {@link dev.switchboard.spi.WebSocketAbort} that cuts a WebSocket's TCP connection without a close frame.
 *
 * <p>The jar is in the ready WAR and in the EAR's {@code lib/} on every container. Nothing in it links an Undertow
 * type until a session of Undertow's own class has been seen, so the service loader can instantiate its provider on
 * Jetty or any other container, where it answers false.
 */
package dev.switchboard.undertow;
