package dev.switchboard.api;

/**
 * Traffic counters of one connection at one moment.
 *
 * @param messagesIn  messages received from the client
 * @param messagesOut messages handed to the transport for the client
 * @param bytesIn     payload bytes received (UTF-8 bytes for text)
 * @param bytesOut    payload bytes handed to the transport
 * @param queued      messages waiting in the outbound queue now
 */
public record ConnectionStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut, int queued) {
}
