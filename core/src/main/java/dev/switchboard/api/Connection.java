package dev.switchboard.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection, whatever its transport: the active half an application calls to talk to a client.
 *
 * <p>All methods are thread-safe. Sends never block the caller (but for the streams, whose writes do): they enqueue into the connection's bounded
 * outbound queue, which is drained with one frame in flight, in order. When the queue overflows the connection
 * is closed with {@link CloseCodes#SLOW_CONSUMER} and the send returns {@code false}.
 *
 * <p>The handshake facts (addresses, URI, headers, subprotocol) are captured when the connection opens and
 * do not change afterwards.
 */
public interface Connection {

    /**
     * The connection's id: a random UUID string, unique across nodes and unguessable.
     *
     * @return the id
     */
    String id();

    /**
     * The transport this connection uses.
     *
     * @return the transport
     */
    Transport transport();

    /**
     * The negotiated subprotocol.
     *
     * @return the token echoed in the handshake, or empty when the client offered none
     */
    Optional<String> subprotocol();

    /**
     * The peer's address as the container saw it (a proxy's address when one is in front).
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();

    /**
     * The client's address as the firewall resolved it when the connection opened: the direct peer, or, behind a
     * trusted proxy, the client the proxy's forwarding header names. Failed authentications on the connection are
     * charged to it.
     *
     * @return an IP literal (or the peer's host string when the firewall resolved none); by default the host of
     *         {@link #remoteAddress()}
     */
    default String clientAddress() {
        return remoteAddress().getHostString();
    }

    /**
     * The local address the connection arrived on.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * The request URI of the handshake, with its query string.
     *
     * @return the request URI
     */
    URI requestUri();

    /**
     * The handshake request headers, names in lower case.
     *
     * @return an unmodifiable map of header name to values
     */
    Map<String, List<String>> headers();

    /**
     * The authenticated principal of the handshake.
     *
     * @return the principal, or empty for an anonymous connection
     */
    Optional<Principal> principal();

    /**
     * The connection's current identity: the principal Switchboard's authentication established at the handshake,
     * with its roles and expiry, or the one a later credential refresh put in its place. A principal established
     * by the application's own container security has no roles here; test those with the container.
     *
     * @return the identity, or empty for an anonymous connection or a container-only principal
     */
    Optional<Identity> identity();

    /**
     * Tells whether the connection's current identity has a role.
     *
     * @param role a role name
     * @return true when {@link #identity()} is present and has the role
     */
    default boolean hasRole(String role) {
        return identity().map(identity -> identity.hasRole(role)).orElse(false);
    }

    /**
     * Application attributes of this connection, for handlers to keep per-connection state in.
     *
     * @return a mutable, thread-safe map
     */
    Map<String, Object> attributes();

    /**
     * When the connection opened.
     *
     * @return the open instant
     */
    Instant connectedAt();

    /**
     * Traffic counters of this connection.
     *
     * @return a snapshot of the counters
     */
    ConnectionStats stats();

    /**
     * Tells whether the connection is open and accepting sends.
     *
     * @return true until a close has begun
     */
    boolean isOpen();

    /**
     * Queues a text message.
     *
     * @param text the message
     * @return true when queued; false when the connection is closed or was just closed as a slow consumer
     */
    boolean sendText(String text);

    /**
     * Queues a binary message. The buffer's remaining bytes are sent; the caller must not change them after.
     *
     * @param data the message
     * @return true when queued; false when the connection is closed or was just closed as a slow consumer
     */
    boolean sendBinary(ByteBuffer data);

    /**
     * Sends one binary message of any length as a stream, without holding it whole: what is written goes out in
     * fragments (WebSocket continuation frames, as large as the container's send buffer), and closing the stream
     * sends the last one. For files, database blobs and other data read as it is sent.
     *
     * <p>The message takes its place in the outbound queue like any other: this call waits, at most {@code wait},
     * until the messages queued before it were written, then returns the stream. The wire is then the stream's until
     * it is closed: messages queued meanwhile wait behind it, within the queue's bounds, so a stream left open while
     * others pile up ends with the connection closed as a slow consumer. Unlike the other sends, the stream's writes
     * block the calling thread while the client reads slowly (the container's idle timeout bounds them), which is the
     * back-pressure a producer of a large message needs; write it from the application's own thread. A connection
     * that closes makes the stream's writes fail with an {@link IOException}. The stream is not thread-safe and must
     * be closed; a throttle does not pace it.
     *
     * <p>A transport without fragments (SSE, a raw TCP frame) collects the message, up to the outbound queue's byte
     * bound, and sends it whole when the stream is closed.
     *
     * @param wait how long to wait for the messages queued before it
     * @return the message's stream; closing it ends the message
     * @throws IOException when the connection is closed or closes before the message's turn, or the turn did not come
     *                     within {@code wait} (nothing was sent then)
     * @throws UnsupportedOperationException when this connection cannot stream (the default)
     */
    default OutputStream sendBinaryStream(Duration wait) throws IOException {
        throw new UnsupportedOperationException("this connection cannot send streams");
    }

    /**
     * Sends one text message of any length as a stream of fragments, as {@link #sendBinaryStream} does a binary one.
     *
     * @param wait how long to wait for the messages queued before it
     * @return the message's writer; closing it ends the message
     * @throws IOException when the connection is closed or closes before the message's turn, or the turn did not come
     *                     within {@code wait} (nothing was sent then)
     * @throws UnsupportedOperationException when this connection cannot stream (the default)
     */
    default Writer sendTextStream(Duration wait) throws IOException {
        throw new UnsupportedOperationException("this connection cannot send streams");
    }

    /**
     * Starts a close handshake with a code from {@link CloseCodes} and a reason. Messages already queued are
     * not sent. Calling it again, or on a closed connection, does nothing.
     *
     * @param code   the close code
     * @param reason the reason, cut to 123 bytes of UTF-8
     */
    void close(int code, String reason);
}
