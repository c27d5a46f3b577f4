/**
 * The test application the integration tests deploy next to Switchboard: subprotocol handler beans whose
 * answers show which handler a connection reached. Packed as its own bean archive ({@code WEB-INF/lib} on Jetty,
 * the EAR's {@code lib/} on WildFly), as an application's jar would be.
 */
package dev.switchboard.it.app;
