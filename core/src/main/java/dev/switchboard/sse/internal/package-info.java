/**
 * Internals of the SSE transport: the connection over an asynchronous response with its non-blocking writer and
 * resume cursor, the event-stream framing, the handler wrapper that encodes a publication once for every SSE
 * subscriber, and the bean that opens connections. Nothing outside {@code dev.switchboard.sse} uses them.
 */
package dev.switchboard.sse.internal;
