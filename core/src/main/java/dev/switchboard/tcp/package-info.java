/**
 * Plain TCP connections for subprotocols that also run without WebSocket framing (MQTT on a TCP port): the host
 * server accepts the socket and hands it to {@link dev.switchboard.tcp.TcpTransport}, which applies the firewall and
 * admission, makes it a hub connection of transport {@link dev.switchboard.api.Transport#TCP}, and feeds the bytes it
 * reads to the subprotocol's handler as binary messages.
 *
 * <p>Core never opens a socket itself (it imports no server classes): the embedded server's Jetty connector
 * implements {@link dev.switchboard.tcp.TcpSocket} and calls the returned {@link dev.switchboard.tcp.TcpSocketListener}.
 * There is no TLS here; a TLS terminator in front of the port, or {@code wss://}, provides it.
 */
package dev.switchboard.tcp;
