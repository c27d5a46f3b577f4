package dev.switchboard.client.link.internal;

import java.nio.ByteBuffer;

/** One attempt at a connection: a WebSocket or an SSE stream with its POSTs. It reports to its {@link Events}. */
interface Transport {

    /** Starts opening; the outcome arrives at the events. */
    void open();

    /** Sends a text frame; a failure is reported through {@link Events#undelivered}. */
    void send(String text);

    /**
     * Sends a binary frame where the transport can (WebSocket).
     *
     * @return {@code false} when this transport cannot carry binary frames
     */
    boolean sendBinary(ByteBuffer data);

    /** Sends a binary frame and runs {@code written} once it was written; false as {@link #sendBinary(ByteBuffer)}. */
    default boolean sendBinary(ByteBuffer data, Runnable written) {
        boolean sent = sendBinary(data);
        if (sent) {
            written.run();
        }
        return sent;
    }

    /** Sends a ping where the transport can (WebSocket); a no-op on SSE. */
    void ping();

    /** Closes normally and waits up to {@code timeoutMillis} for the close to be written. */
    void close(int code, String reason, long timeoutMillis);

    /** Drops the connection without a close handshake; reported as ended with 1006 and {@code reason}. */
    void abort(String reason);

    /** What a transport reports; each transport reports {@link #ended} exactly once. */
    interface Events {
        void opened(Transport transport, String subprotocol, String connectionId);

        void text(Transport transport, String text);

        void binary(Transport transport, ByteBuffer data);

        /** Something (any frame, a pong, an SSE comment) arrived. Called on I/O threads; must be cheap. */
        void alive(Transport transport);

        void undelivered(Transport transport, String text, Throwable why);

        void error(Transport transport, Throwable error);

        void ended(Transport transport, Ending ending);
    }

    /**
     * How a transport ended.
     *
     * @param code the close code, 1006 for a lost connection
     * @param reason why, never null
     * @param wasOpen whether it had opened
     * @param httpStatus the HTTP status that refused the upgrade, the stream or the login, 0 when none
     * @param refusedUpgrade whether the server (or a proxy) answered but would not open this transport: the next
     *     transport of the list is tried on the same server
     */
    record Ending(int code, String reason, boolean wasOpen, int httpStatus, boolean refusedUpgrade) {}
}
