/**
 * The Server-Sent Events transport: event streams whose connections join the same hub as WebSocket connections
 * ({@code Transport.SSE}), with channels from the request, resume from {@code Last-Event-ID} through the channel
 * history, and client messages over HTTP POST.
 *
 * <p>{@link dev.switchboard.sse.SseServlet} serves {@code /sse} and the POST paths;
 * {@link dev.switchboard.sse.EventStreamFilter} takes event-stream GETs on the WebSocket paths (the sgc client's
 * fallback). The connection, the non-blocking writer and the framing live in {@code dev.switchboard.sse.internal}.
 * {@code docs/sse.md} is the user documentation.
 */
package dev.switchboard.sse;
