/**
 * Forwarding, WebSocket proxying, the TCP bridge and load balancing, tested through the real embedded server
 * against real upstreams on 127.0.0.1 (JDK HttpServer, a Jetty WebSocket server, a TCP echo server).
 */
package dev.switchboard.embedded.forward;
