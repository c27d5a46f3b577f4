package dev.switchboard.spi;

import dev.switchboard.api.Connection;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Examines every inbound WebSocket and SSE message before the subprotocol handler sees it, and may refuse it by
 * closing the connection. The firewall implements it (flood and payload limits); an application may add its own.
 *
 * <p>Implementations are CDI beans (not {@code @RequestScoped}), ordered by
 * {@link jakarta.annotation.Priority @Priority}, lowest first.
 *
 * <p><b>Contract.</b> The hub calls {@link #opened} once per connection, after the handler's {@code onOpen}, and
 * {@link #closed} once when it closes, on whatever thread the transport uses. The transports call
 * {@link #checkText}/{@link #checkBinary} once per inbound message, serially per connection but concurrently across
 * connections, so implementations must be thread-safe and fast. The first {@link Verdict.Refuse} wins: the
 * message is dropped, never reaches the handler or the {@code MessageEvent} observers, and the connection is
 * closed with the verdict's code (an SSE message POST is answered 403). An exception is logged and the message is
 * accepted: a broken check must not take every connection down.
 */
public interface InboundMessageCheck {

    /** What to do with a message. */
    sealed interface Verdict {
        /** Deliver the message. */
        record Accept() implements Verdict {}

        /**
         * Drop the message and close the connection.
         *
         * @param closeCode the close code (RFC 6455 §7.4 or {@code CloseCodes})
         * @param reason    a short reason, at most 123 UTF-8 bytes
         */
        record Refuse(int closeCode, String reason) implements Verdict {
            /** Validates. */
            public Refuse {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** The shared accept verdict. */
        Verdict ACCEPT = new Accept();
    }

    /**
     * A connection opened.
     *
     * @param connection the connection
     */
    default void opened(Connection connection) {}

    /**
     * Examines an inbound text message.
     *
     * @param connection the connection it arrived on
     * @param message    the message
     * @return accept or refuse
     */
    default Verdict checkText(Connection connection, String message) {
        return Verdict.ACCEPT;
    }

    /**
     * Examines an inbound binary message; the buffer must not be consumed (read through a duplicate).
     *
     * @param connection the connection it arrived on
     * @param message    the message
     * @return accept or refuse
     */
    default Verdict checkBinary(Connection connection, ByteBuffer message) {
        return Verdict.ACCEPT;
    }

    /**
     * A connection closed.
     *
     * @param connection the connection
     */
    default void closed(Connection connection) {}
}
