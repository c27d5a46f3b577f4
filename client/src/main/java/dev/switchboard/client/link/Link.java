package dev.switchboard.client.link;

/**
 * One logical connection to a server of a list, which comes back after it is lost.
 *
 * <p>A link opens a transport (a WebSocket, or the SSE fallback), reports it to its {@link LinkListener}, and when
 * the transport is lost it tries again with backoff, moving through the server list, until {@link #close()}. Frames
 * sent while no transport is open wait in a bounded queue and are sent after
 * {@link LinkListener#opened(LinkSession)} returns, so a listener's own frames (re-subscriptions) go first.
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
     * Ends the open transport normally (1001) and connects again at once, without backoff, to the next server of
     * the list (the same one when there is only one): for a server that announced it drains. Does nothing while no
     * transport is open. The listener sees {@code closed} (retrying) and then {@code opened} as for any reconnect.
     */
    default void moveOn() {}

    /** The link's current state. */
    LinkState state();

    /**
     * Closes the open transport normally (1000), stops reconnecting, and releases the link's threads before it
     * returns. Queued frames are dropped. Idempotent.
     */
    @Override
    void close();
}
