package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;

/**
 * A client sent a plain {@code sgc@message} (JS {@code send(text)}, Delphi {@code WriteData}). Fired as a
 * synchronous CDI event on the connection's inbound thread, after the acknowledgment was sent; observe it with
 * {@code void on(@Observes SgcMessageEvent event)}. An observer that throws is logged; the client is not told.
 *
 * @param connection the sending connection
 * @param message    the message text ({@code sgc@b64:} already decoded; a JSON value sent raw as its JSON text)
 */
public record SgcMessageEvent(Connection connection, String message) {}
