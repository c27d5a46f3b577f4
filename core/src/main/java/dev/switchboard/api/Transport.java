package dev.switchboard.api;

/** How a connection reaches Switchboard. The hub treats every transport alike. */
public enum Transport {
    /** A JSR-356 WebSocket session (RFC 6455), plain or over TLS, HTTP/1.1 upgrade. */
    WEBSOCKET,
    /** A Server-Sent Events stream; the client sends over separate HTTP requests. */
    SSE
}
