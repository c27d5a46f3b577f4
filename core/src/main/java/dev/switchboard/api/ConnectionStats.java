package dev.switchboard.api;

/**
 * Traffic counters of one connection at one moment.
 *
 * @param messagesIn      messages received from the client
 * @param messagesOut     messages handed to the transport for the client
 * @param bytesIn         payload bytes received (UTF-8 bytes for text)
 * @param bytesOut        payload bytes handed to the transport
 * @param queued          messages waiting in the outbound queue now
 * @param budgetRefusals  requests refused because they would have exceeded one of the connection's budgets
 *                        (subscriptions, open transactions, in-flight QoS messages, kept queues)
 */
public record ConnectionStats(
        long messagesIn, long messagesOut, long bytesIn, long bytesOut, int queued, long budgetRefusals) {

    /**
     * Counters of a connection that was never refused anything.
     *
     * @param messagesIn  messages received from the client
     * @param messagesOut messages handed to the transport for the client
     * @param bytesIn     payload bytes received
     * @param bytesOut    payload bytes handed to the transport
     * @param queued      messages waiting in the outbound queue now
     */
    public ConnectionStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut, int queued) {
        this(messagesIn, messagesOut, bytesIn, bytesOut, queued, 0);
    }
}
