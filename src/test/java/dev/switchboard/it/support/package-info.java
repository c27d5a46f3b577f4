/**
 * Real clients for the integration tests (the JDK's {@code HttpClient} and {@code WebSocket}, and a raw socket
 * for the handshake details those hide) and waiting with deadlines instead of sleeps.
 */
package dev.switchboard.it.support;
