package dev.switchboard.client.link;

/**
 * One logical connection to a server of a list, which comes back after it is lost.
 *
 * <p>A link opens a transport (a WebSocket, or the SSE fallback), reports it to its {@link LinkListener}, and when
 * the transport is lost it tries again with backoff, moving through the server list, until {@link #close()}. Frames
 * sent while no transport is open wait in a bounded queue and are sent after
 * {@link LinkListener#opened(LinkSession)} returns, so a listener's own frames (re-subscriptions) go first.
 *
 * <p>A link stops reconnecting, and becomes {@link LinkState#CLOSED}, when the server answers what reconnecting
 * cannot fix: close code 1008 (policy violation, which a refused login produces), a code of Switchboard's terminal
 * range 4500-4999 (unauthorized, bad request, forbidden, logged out), or HTTP 401 to the upgrade, the event stream or
 * a login. Every other close (1001 going away, 1006 lost, 1011, 1012, 1013, 4000-4499) and every other refusal (403
 * from a proxy, 429, 5xx) is retried with backoff, unless {@link LinkOptions#maxAttempts()} failed attempts in a
 * row were reached.
 *
 * <p>Implementations are thread-safe. The listener is called from one thread at a time, in the order events happen.
 */
public interface Link extends AutoCloseable {

    /** Starts connecting. The outcome arrives at the listener: {@code opened}, or {@code closed} with its reason. */
    void start();

    /**
     * Sends a text frame on the open transport, or queues it while none is open.
     *
     * @return {@code false} when the frame was refused: the link is closed, or the offline queue is full and its
     *     overflow policy refuses new frames
     */
    boolean send(String text);

    /**
     * Sends a text frame on the open transport only, never queueing it: for frames that belong to one connection,
     * such as the subscriptions a listener renews in {@code opened}.
     *
     * @return {@code false} when no transport is open
     */
    boolean sendNow(String text);

    /**
     * Sends a binary frame on an open WebSocket only, never queueing it: binary frames belong to protocols of their
     * own (the sgc protocol carries bytes as base64 text), and the SSE fallback cannot carry them.
     *
     * @return {@code false} when no WebSocket is open
     */
    boolean sendBinary(java.nio.ByteBuffer data);

    /**
     * Like {@link #sendBinary(java.nio.ByteBuffer)}, and runs {@code written} once the frame was handed to the
     * network: for senders that pace themselves, such as a file sent chunk by chunk without acknowledgments, so that
     * no more than one chunk waits in memory. {@code written} does not run when the frame could not be written (the
     * link reports the loss of the transport instead).
     *
     * @return {@code false} when no WebSocket is open
     */
    default boolean sendBinary(java.nio.ByteBuffer data, Runnable written) {
        boolean sent = sendBinary(data);
        if (sent) {
            written.run();
        }
        return sent;
    }

    /**
     * A fresh credential for the server's credential refresh ({@code sgc@refresh}): a new token from the bearer
     * supplier, or a new ticket from a login for ticket and sgc session authentication. Empty for credentials that
     * do not expire (none, Basic, the sgc user/password URL). It may block for a login (at most the connect
     * timeout); call it from the listener's thread or any other, not from a Jetty thread.
     *
     * @throws IllegalStateException when the link is not started or the login is refused
     */
    default java.util.Optional<LinkCredential> freshCredential() {
        return java.util.Optional.empty();
    }

    /**
     * Leaves the open transport on purpose and connects to the next server of the list after {@code delay}: for a
     * server that announced it drains ({@code sgc@drain}). The listener is told {@code closed} with 1001 and
     * {@code retrying=true}; the move does not count as a failed attempt. Does nothing unless the link is open.
     */
    default void reconnect(java.time.Duration delay) {}

    /** The link's current state. */
    LinkState state();

    /**
     * Closes the open transport normally (1000), stops reconnecting, and releases the link's threads before it
     * returns. While a transport is open, frames it was still being handed are sent before the close frame, and the
     * close waits (up to two seconds) for the server's close frame, so that what was sent arrives; frames queued
     * while offline are dropped. Idempotent.
     */
    @Override
    void close();
}
