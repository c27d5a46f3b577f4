package dev.switchboard.client.link;

/** The transports a {@link Link} can open, tried in the order {@link LinkOptions#transports()} lists them. */
public enum LinkTransport {
    /** A WebSocket (RFC 6455), {@code ws://} or {@code wss://}. */
    WEBSOCKET,
    /**
     * Server-Sent Events for what the server sends and ordered HTTP POSTs for what the client sends: the sgc SSE
     * transport of the server, tried when a WebSocket upgrade is refused (a proxy that does not pass WebSocket).
     */
    SSE
}
