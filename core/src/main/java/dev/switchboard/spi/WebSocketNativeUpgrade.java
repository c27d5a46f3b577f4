package dev.switchboard.spi;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container's own WebSocket, under its Jakarta WebSocket API: the handshake filter upgrades an admitted request
 * through it instead of {@code ServerContainer.upgradeHttpToWebSocket}, so the connection carries none of the
 * Jakarta session's per-connection machinery (its encoders, decoders, message handler bindings, endpoint
 * configuration copy), and text goes out from bytes Switchboard has encoded once for a whole fan-out, where the
 * Jakarta remote would encode the text again for each session.
 *
 * <p>A runtime provides it through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.switchboard.spi.WebSocketNativeUpgrade}) loaded by core's class loader; the embedded
 * Jetty server does (Jetty's core WebSocket). Where none takes a request, Switchboard upgrades through the standard
 * API, as on WildFly and Payara. Every provider found is instantiated on every container, so one must not link its
 * container's classes before it has a request of that container in hand.
 *
 * <p><b>Contract.</b> Everything a Jakarta container does for a session the provider does for a socket: the opening
 * handshake with the given subprotocol, the container's installed extensions (permessage-deflate) and the given
 * response headers; pings answered; messages of more than the handshake's bounds refused with close code 1009, text
 * that is not UTF-8 with 1007, frames out of sequence with 1002; the idle timeout. {@link Handshake#open} is called
 * once, when the connection opens, before any event; events for a socket are never called concurrently, in the order
 * the frames arrived, and {@link Events#onClose} is the last.
 */
public interface WebSocketNativeUpgrade {

    /**
     * Upgrades the request when it belongs to this provider's container, and answers it with the 101 response.
     *
     * @param request   the admitted handshake request
     * @param response  its response
     * @param handshake what Switchboard decided for the connection
     * @return true when upgraded (or refused on the wire by the container), false when the request is another
     *     container's and the standard upgrade is to be used
     * @throws IOException when the upgrade fails on the wire
     */
    boolean upgrade(HttpServletRequest request, HttpServletResponse response, Handshake handshake) throws IOException;

    /** What Switchboard decided for one connection before its upgrade. */
    interface Handshake {

        /**
         * The subprotocol to answer with.
         *
         * @return the token, or null for none
         */
        String subprotocol();

        /**
         * Headers to add to the 101 response, already validated; a value joins one the container set.
         *
         * @return the headers
         */
        Map<String, List<String>> responseHeaders();

        /**
         * Whether messages are delivered in fragments ({@link Events#onTextFragment}, {@link Events#onBinaryFragment})
         * instead of whole; the bounds then are Switchboard's to keep.
         *
         * @return true for fragments
         */
        boolean fragments();

        /**
         * The largest whole text message taken, in UTF-8 bytes.
         *
         * @return the bound
         */
        long maxTextMessageSize();

        /**
         * The largest whole binary message taken, in bytes.
         *
         * @return the bound
         */
        long maxBinaryMessageSize();

        /**
         * How long the connection may stay silent both ways before the container closes it.
         *
         * @return the timeout; zero for the container's default
         */
        Duration idleTimeout();

        /**
         * Opens the connection: called once, when the socket is open, before any frame is read.
         *
         * @param socket the container's side of the connection
         * @return Switchboard's side, which receives the socket's events
         */
        Events open(Socket socket);
    }

    /**
     * The container's side of one connection. The send methods take at most one message at a time: the next only once
     * the previous one's callback ran (Switchboard's outbound queue keeps one write in flight). Exactly one callback
     * runs, once, on any thread, possibly before the send method returns. A buffer handed to a send is the socket's own
     * view of bytes shared with other sockets: it may consume the view, never change the bytes.
     */
    interface Socket {

        /**
         * Sends one text message.
         *
         * @param utf8   its UTF-8 bytes
         * @param done   to run when written
         * @param failed to run when the write failed
         */
        void sendText(ByteBuffer utf8, Runnable done, Consumer<Throwable> failed);

        /**
         * Sends one binary message.
         *
         * @param data   its bytes
         * @param done   to run when written
         * @param failed to run when the write failed
         */
        void sendBinary(ByteBuffer data, Runnable done, Consumer<Throwable> failed);

        /**
         * Sends a ping at once, between the frames of a message being written if need be; never blocks for long.
         *
         * @param payload at most 125 bytes
         */
        void sendPing(ByteBuffer payload);

        /**
         * Opens a stream for one binary message sent as continuation frames: each write may block while the peer is
         * slow; closing it ends the message. Called only while no other send is under way.
         *
         * @return the stream
         * @throws IOException when the socket is closed
         */
        OutputStream binaryStream() throws IOException;

        /**
         * Opens a writer for one text message sent as continuation frames, as {@link #binaryStream()} does.
         *
         * @return the writer
         * @throws IOException when the socket is closed
         */
        Writer textStream() throws IOException;

        /**
         * Starts the closing handshake; {@link Events#onClose} follows when it ends.
         *
         * @param code   the close code
         * @param reason the reason, at most 123 UTF-8 bytes
         */
        void close(int code, String reason);

        /** Cuts the connection without a closing handshake; {@link Events#onClose} follows with 1006. */
        void abort();
    }

    /** Switchboard's side of one connection: what the socket reads and what happens to it. */
    interface Events {

        /**
         * A whole text message.
         *
         * @param message the message
         */
        void onText(String message);

        /**
         * A whole binary message.
         *
         * @param message the message, Switchboard's to keep
         */
        void onBinary(ByteBuffer message);

        /**
         * A piece of a text message, when the handshake asked for fragments; a piece never splits a character.
         *
         * @param fragment the piece
         * @param last     whether it ends the message
         */
        void onTextFragment(String fragment, boolean last);

        /**
         * A piece of a binary message, when the handshake asked for fragments.
         *
         * @param fragment the piece, Switchboard's to keep
         * @param last     whether it ends the message
         */
        void onBinaryFragment(ByteBuffer fragment, boolean last);

        /**
         * A pong, solicited or not.
         *
         * @param payload its application data
         */
        void onPong(ByteBuffer payload);

        /**
         * A failure of the transport or of the protocol; {@link #onClose} follows.
         *
         * @param error what failed
         */
        void onError(Throwable error);

        /**
         * The connection ended; the last event.
         *
         * @param code   the close code received or decided (1006 when the connection broke)
         * @param reason the reason, possibly empty
         */
        void onClose(int code, String reason);
    }
}
