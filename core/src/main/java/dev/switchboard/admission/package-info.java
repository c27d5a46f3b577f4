/**
 * Admission of new connections: the one decision, for the WebSocket handshake and the SSE transport alike, of
 * whether a connection request may open (connection limit, origin, the transport's own refusal, the application's
 * upgrade checks), with one result type, permit or refusal with status, headers and body.
 */
package dev.switchboard.admission;
