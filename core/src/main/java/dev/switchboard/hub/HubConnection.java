package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Priority;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;

/**
 * A connection as the hub works with it: a {@link Connection} plus what fan-out, heartbeat, identity expiry and
 * budgets need. Every transport's connection implements it ({@link BaseConnection} does); the hub never casts an
 * application's {@link Connection} to a class, it finds its own object in the {@link ConnectionRegistry} by id.
 */
public interface HubConnection extends Connection {

    /**
     * The handler of this connection's subprotocol; it encodes publications for the connection.
     *
     * @return the handler
     */
    SubprotocolHandler handler();

    /**
     * Queues a frame prepared once for many connections (a fan-out) without blocking.
     *
     * @param frame the shared frame
     * @return true when queued; false when closed, or cut off as a slow consumer by this frame
     */
    boolean sendFrame(OutboundQueue.Frame frame);

    /**
     * Queues a frame prepared once for many connections in a lane of the outbound queue.
     *
     * @param frame    the shared frame
     * @param priority the lane; a connection without lanes (an inner connection of the broker protocol, whose
     *                 messages wait in its carrier's queue) ignores it
     * @return true when queued
     */
    default boolean sendFrame(OutboundQueue.Frame frame, Priority priority) {
        return sendFrame(frame);
    }

    /**
     * Queues a frame of a fan-out without writing it on this thread: the fan-out queues a publication to every
     * subscriber first, in order, and then starts the writes of those that were idle, in parallel. The default, for a
     * connection without a queue of its own, sends at once.
     *
     * @param frame    the shared frame
     * @param priority the lane
     * @return {@link OutboundQueue.Queued#START} when {@link #startWriting} must be called next
     */
    default OutboundQueue.Queued enqueueFrame(OutboundQueue.Frame frame, Priority priority) {
        return sendFrame(frame, priority) ? OutboundQueue.Queued.WAITING : OutboundQueue.Queued.REFUSED;
    }

    /** Starts the writes of what {@link #enqueueFrame} queued when it answered {@code START}; once per answer. */
    default void startWriting() {}

    /**
     * Has what is sent from now on queued without a write on the sending thread, until {@link #releaseWrites}: the
     * fan-out of a subprotocol that builds each subscriber's frame itself starts the writes afterwards, in parallel.
     */
    default void holdWrites() {}

    /**
     * Ends a {@link #holdWrites}.
     *
     * @return true when {@link #startWriting} must be called next, once
     */
    default boolean releaseWrites() {
        return false;
    }

    /**
     * The lane a channel's publications wait in on this connection: its own masks first, then the node's.
     *
     * @param channel  the canonical channel name
     * @param nodeLane the lane the node's settings give the channel
     * @return the lane
     */
    default Priority priorityOf(String channel, Priority nodeLane) {
        return nodeLane;
    }

    /**
     * Gives the publications of channels matching a mask a lane on this connection.
     *
     * @param entry    the mask and lane
     * @param maxMasks the most masks a connection may have
     * @throws IllegalStateException when the connection has as many masks as it may
     * @throws UnsupportedOperationException when the connection has no lanes of its own
     */
    default void prioritize(OutboundLanes.ChannelPriority entry, int maxMasks) {
        throw new UnsupportedOperationException("this connection's messages wait in another connection's queue");
    }

    /**
     * Limits the rate this connection is written at.
     *
     * @param bytesPerSecond the rate; 0 removes the limit
     * @param scheduler      runs the delayed writes
     * @throws UnsupportedOperationException when the connection has no queue of its own
     */
    default void throttle(long bytesPerSecond, Scheduler scheduler) {
        throw new UnsupportedOperationException("this connection's messages wait in another connection's queue");
    }

    /**
     * Marks the connection closed after the transport reported its close, without sending anything.
     *
     * @return true when this call did the transition (the connection was open)
     */
    boolean markClosed();

    /**
     * When the peer last showed it is alive.
     *
     * @return a {@link System#nanoTime()} value
     */
    long lastInboundNanos();

    /**
     * When the unanswered ping was sent.
     *
     * @return a {@link System#nanoTime()} value, or 0 when no ping is outstanding
     */
    long pingSentNanos();

    /** Sends a heartbeat ping and remembers when, so a missing answer can be detected. May block briefly. */
    void sendPing();

    /**
     * Sends a ping with a unique payload and measures the time until its pong, as {@link
     * dev.switchboard.api.Gateway#ping} describes. The default is for a transport without pings.
     *
     * @param timeout   how long the pong may take
     * @param scheduler where the timeout runs
     * @return the round-trip time
     */
    default java.util.concurrent.CompletionStage<java.time.Duration> measurePing(
            java.time.Duration timeout, dev.switchboard.spi.Scheduler scheduler) {
        return java.util.concurrent.CompletableFuture.failedStage(new UnsupportedOperationException(
                transport() + " connections have no ping" + " (connection " + id() + ")"));
    }

    /**
     * Replaces the identity after a credential refresh of the same principal.
     *
     * @param refreshed the new identity
     */
    void replaceIdentity(Identity refreshed);

    /** Counts one request refused for exceeding a budget, for {@link Connection#stats()}. */
    void countBudgetRefusal();

    /**
     * Names where a close the connection decides on its own (a slow consumer) runs: not on the publisher's thread,
     * which may hold the hub's locks. The hub passes its scheduler when the connection registers.
     *
     * @param executor where such closes run
     */
    void closeOn(java.util.concurrent.Executor executor);

    /**
     * Cuts the connection without a close handshake: for a WebSocket, the TCP connection ends with no close frame
     * (the peer sees an abnormal closure, 1006). The transport still reports the close to the hub. Calling it on a
     * closed connection does nothing.
     *
     * @return true when this call ended the connection
     */
    boolean abort();

    /**
     * Drains the connection: from now on its inbound messages are dropped unread and nothing more is queued to it;
     * what is queued already is sent, then the connection closes with {@code code} and {@code reason}.
     *
     * @param code   the close code once drained
     * @param reason the close reason
     * @return false when the connection is closed or draining already
     */
    boolean drain(int code, String reason);

    /**
     * Tells whether {@link #drain} has begun: the hub then hands no inbound message to the handler.
     *
     * @return true while draining
     */
    boolean isDraining();
}
