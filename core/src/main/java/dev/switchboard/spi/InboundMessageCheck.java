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
 * {@link #checkText}/{@link #checkBinary} once per inbound message (or {@link #checkFragment} once per fragment), serially per connection but concurrently across
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
     * Examines a pong the client sent: the answer to a ping, or an unsolicited one (RFC 6455 allows them as a one-way
     * heartbeat), so a client could send them as fast as messages. A refusal closes the connection before the handler
     * or the {@code PongEvent} observers see the pong. The default accepts; the firewall counts each pong against its
     * flood limit like a message.
     *
     * @param connection the connection it arrived on
     * @param payload    the pong's application data (at most 125 bytes), to be read through a duplicate
     * @return accept or refuse
     */
    default Verdict checkPong(Connection connection, ByteBuffer payload) {
        return Verdict.ACCEPT;
    }

    /**
     * One fragment of an inbound WebSocket message, for a connection whose handler
     * {@linkplain SubprotocolHandler#receivesFragments receives fragments}: the message is never whole, so it is judged
     * piece by piece.
     *
     * @param text    the fragment of a text message; null for a binary one
     * @param binary  the fragment of a binary message, to be read through a duplicate; null for a text one
     * @param offset  the bytes of the message before this fragment (UTF-8 bytes for text)
     * @param first   true for the message's first fragment: a check that counts messages counts this one
     * @param last    true for the message's last fragment
     * @param overlap the end of the message's previous text fragment, at most {@link #OVERLAP} characters; empty for
     *                a first fragment and for binary messages. A check that looks for patterns reads {@code overlap}
     *                followed by {@code text}, so a pattern the client cut in two at a fragment boundary is still
     *                seen whole (up to that length).
     */
    record Fragment(String text, ByteBuffer binary, long offset, boolean first, boolean last, String overlap) {

        /** The most characters of a text fragment carried over to the next one's {@code overlap}. */
        public static final int OVERLAP = 256;

        /** Validates. */
        public Fragment {
            if ((text == null) == (binary == null)) {
                throw new IllegalArgumentException("a fragment is text or binary");
            }
            Objects.requireNonNull(overlap, "overlap");
        }

        /**
         * Whether it is a fragment of a text message.
         *
         * @return true for text
         */
        public boolean isText() {
            return text != null;
        }
    }

    /**
     * Examines one fragment of an inbound message. The transports call it, serially per connection, for every
     * fragment of a message a fragment-receiving handler gets, in order; a refusal closes the connection as for a
     * whole message and the handler sees no more of it. The default judges each fragment as if it were a message of
     * its own ({@link #checkText} or {@link #checkBinary}), which is strict for a check that counts messages; a check
     * that knows better overrides it (the firewall counts a message once, bounds its total size and reads text
     * across the boundary).
     *
     * @param connection the connection it arrived on
     * @param fragment   the fragment
     * @return accept or refuse
     */
    default Verdict checkFragment(Connection connection, Fragment fragment) {
        return fragment.isText()
                ? checkText(connection, fragment.text())
                : checkBinary(connection, fragment.binary().asReadOnlyBuffer());
    }

    /**
     * A connection closed.
     *
     * @param connection the connection
     */
    default void closed(Connection connection) {}
}
