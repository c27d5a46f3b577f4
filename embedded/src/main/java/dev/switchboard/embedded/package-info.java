/**
 * The embedded launcher: runs the Switchboard web module on Jetty 12 (ee10) with Weld SE, as one command
 * ({@code java -jar switchboard.jar [--port N]}) or programmatically through {@link
 * dev.switchboard.embedded.SwitchboardServer}.
 *
 * <p>This is the only production package of the project that imports {@code org.eclipse.jetty}. It supplies
 * what an application server would: the CDI container, injection into container-created objects, the
 * {@code jakarta.websocket} server container, an H2 DataSource in JNDI, and graceful shutdown. Everything else
 * (filters, servlets, WebSocket handshakes) comes from core's {@code SwitchboardInitializer}, exactly as on
 * WildFly.
 */
package dev.switchboard.embedded;
