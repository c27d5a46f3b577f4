package dev.switchboard.api;

/** How a connection reaches Switchboard. The hub treats every transport alike. */
public enum Transport {
    /** A JSR-356 WebSocket session (RFC 6455), plain or over TLS, HTTP/1.1 upgrade. */
    WEBSOCKET,
    /** A Server-Sent Events stream; the client sends over separate HTTP requests. */
    SSE,
    /**
     * A plain TCP connection carrying one subprotocol's byte stream without WebSocket framing (MQTT on the embedded
     * server's {@code switchboard.mqtt.tcp-port}). It has no HTTP request: no headers, no origin, and the request URI
     * is {@code /}. Text sends do not reach it, since the stream carries only the subprotocol's packets.
     */
    TCP
}
