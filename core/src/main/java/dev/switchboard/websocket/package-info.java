/**
 * The JSR-356 adapter: the handshake filter that negotiates the subprotocol in one place and upgrades through
 * the standard {@code ServerContainer.upgradeHttpToWebSocket} (through {@code dev.switchboard.http.WebSocketUpgrade},
 * which also serves Tyrus), so the same code runs on Jetty, Undertow and Tyrus.
 *
 * <p><b>Negotiation.</b> The client's order wins among the tokens some bean supports, and the chosen token is
 * always echoed. A client that offers no subprotocol reaches the {@code @NoSubprotocol} handler. A client that
 * offers only unsupported ones is refused before the upgrade with HTTP 400 and a plain-text body naming what
 * was offered and what is supported (configurable: {@code switchboard.websocket.unsupported-subprotocol}).
 * The sgc clients close such a connection themselves, so refusing early gives them the same outcome with a
 * clearer reason.
 */
package dev.switchboard.websocket;
