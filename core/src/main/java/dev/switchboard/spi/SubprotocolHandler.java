package dev.switchboard.spi;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * The passive half of a subprotocol: Switchboard calls it for every connection that negotiated it.
 *
 * <p>Implementations are CDI beans qualified with {@link dev.switchboard.api.Subprotocol @Subprotocol}
 * (or {@link dev.switchboard.api.NoSubprotocol @NoSubprotocol} for connections that offered none), usually
 * {@code @ApplicationScoped}: one instance serves every connection, so per-connection state belongs in
 * {@link Connection#attributes()}.
 *
 * <p><b>Threading.</b> Calls for one connection are serial: never two at once, each one happening-before the
 * next. Calls for different connections run concurrently on container threads (virtual threads on the embedded
 * server). A method must not block for long; send with the non-blocking {@link Connection} methods.
 *
 * <p><b>Lifecycle.</b> {@link #onOpen} is called exactly once, first. {@link #onClose} is called exactly once,
 * last, also after {@link #onError}. Messages are delivered between them, in arrival order.
 *
 * <p><b>Exceptions.</b> An exception thrown from {@code onOpen}, {@code onText}, {@code onBinary}, a fragment method or
 * {@code onPong} is logged and closes the connection with {@link dev.switchboard.api.CloseCodes#INTERNAL_ERROR}; other connections are
 * not affected. Protocol handlers that can answer bad input with a protocol-level error should do so instead.
 */
public interface SubprotocolHandler {

    /**
     * A connection with this subprotocol has opened. Called once, before any message.
     *
     * @param connection the new connection
     */
    default void onOpen(Connection connection) {}

    /**
     * A complete text message arrived.
     *
     * @param connection the connection it arrived on
     * @param message    the message, already checked to be valid UTF-8 and within the size limit
     */
    default void onText(Connection connection, String message) {}

    /**
     * A complete binary message arrived.
     *
     * @param connection the connection it arrived on
     * @param message    the message; the handler may keep it, Switchboard does not reuse it
     */
    default void onBinary(Connection connection, ByteBuffer message) {}

    /**
     * Tells whether this handler takes inbound messages fragment by fragment ({@link #onTextFragment},
     * {@link #onBinaryFragment}) instead of whole ({@link #onText}, {@link #onBinary}): a handler that stores or
     * forwards large messages as they arrive, so that nobody holds them whole (sgc's {@code OnFragmented}, IPWorks'
     * fragment events). Asked once per connection, when it opens; must not change while connections are open.
     *
     * <p>A WebSocket connection hands over each fragment as the container reads it. Other transports (an SSE message
     * POST, say) and whole WebSocket messages the container assembled reach such a handler as one last fragment, so
     * it needs no {@code onText} or {@code onBinary} of its own.
     *
     * @return true to be called per fragment; the default is false (whole messages)
     */
    default boolean receivesFragments() {
        return false;
    }

    /**
     * A fragment of an inbound text message arrived, for a handler that {@linkplain #receivesFragments receives
     * fragments}. The fragments of one message come in order, the last one with {@code last} true, and no other
     * message's fragment comes between them. A fragment is what the container read at once (a WebSocket frame or a
     * part of one) and never splits a character; it may be empty.
     *
     * <p>The message as a whole stays bounded by {@code switchboard.websocket.max-text-message-size}: when its fragments pass
     * it, the connection is closed with {@link dev.switchboard.api.CloseCodes#MESSAGE_TOO_BIG} and the handler is
     * not called for the rest. The {@link InboundMessageCheck} beans judge each fragment first
     * ({@link InboundMessageCheck#checkFragment}). {@code MessageEvent} observers are told of whole messages only,
     * so not of messages a WebSocket client sent in more than one fragment. An exception is handled as one from
     * {@link #onText}.
     *
     * @param connection the connection it arrived on
     * @param fragment   the fragment
     * @param last       true for the message's last fragment
     */
    default void onTextFragment(Connection connection, String fragment, boolean last) {}

    /**
     * A fragment of an inbound binary message arrived, for a handler that {@linkplain #receivesFragments receives
     * fragments}; as {@link #onTextFragment}, bounded by {@code switchboard.websocket.max-binary-message-size}.
     *
     * @param connection the connection it arrived on
     * @param fragment   the fragment; the handler may keep it, Switchboard does not reuse it
     * @param last       true for the message's last fragment
     */
    default void onBinaryFragment(Connection connection, ByteBuffer fragment, boolean last) {}

    /**
     * A pong arrived: the answer to the heartbeat's ping, to a {@link dev.switchboard.api.Gateway#ping} measurement
     * (whose result has completed before this call), or an unsolicited pong the client sent as a one-way heartbeat
     * (RFC 6455 section 5.5.3). Only WebSocket connections have pongs. Called serially with the other calls of the
     * connection, on the container's thread; the default does nothing. An exception is handled as one from
     * {@link #onText}.
     *
     * <p>There is no {@code onPing}: the container answers a client's ping itself and jakarta.websocket never hands
     * it to the application (on Jetty and on Undertow alike).
     *
     * @param connection the connection it arrived on
     * @param payload    the pong's application data, read-only, at most 125 bytes
     */
    default void onPong(Connection connection, ByteBuffer payload) {}

    /**
     * The transport reported an error (I/O failure, protocol violation by the peer). {@link #onClose} follows.
     *
     * @param connection the connection
     * @param error      the cause
     */
    default void onError(Connection connection, Throwable error) {}

    /**
     * The connection has closed. Called once, last; sends are no longer possible.
     *
     * @param connection the connection
     * @param code       the close code (from the peer, from the server, or 1006 when the transport broke)
     * @param reason     the close reason, possibly empty
     */
    default void onClose(Connection connection, int code, String reason) {}

    /**
     * Encodes a channel publication for this subprotocol's subscribers. Called once per publication and
     * subprotocol, on the publisher's thread; the text is then queued to every subscriber of this
     * subprotocol. Must be thread-safe and side-effect free. An exception drops the publication for this
     * subprotocol's subscribers and is logged.
     *
     * @param publication the publication
     * @return the text frame subscribers receive; the default is the bare message
     */
    default String encodePublication(Publication publication) {
        return publication.message();
    }

    /**
     * Encodes a binary publication ({@link Publication#binary()}) as the bytes of a binary frame for this
     * subprotocol's subscribers, or declines so that they get {@link #encodePublication}'s text instead (the sgc
     * protocol does, with its {@code sgc@b64:} text). Called once per binary publication and subprotocol, on the
     * publisher's thread, in place of {@link #encodePublication}; the same rules apply. The default sends the
     * payload's bytes unchanged.
     *
     * @param publication a binary publication
     * @return the bytes of the frame every subscriber with this handler is sent, or empty to send text
     */
    default Optional<ByteBuffer> encodeBinaryPublication(Publication publication) {
        return Optional.of(ByteBuffer.wrap(publication.bytes()).asReadOnlyBuffer());
    }

    /**
     * Tells whether this subprotocol builds each subscriber's frames itself ({@link #deliverPublication}) instead
     * of sending every subscriber the one frame {@link #encodePublication} gives: a protocol whose frames name the
     * subscription, carry a per-connection packet id or need an acknowledgment (STOMP, MQTT) says true. Asked once
     * per publication and subprotocol; must not change while connections are open.
     *
     * @return true to be called per subscriber; the default is false (encode once for all)
     */
    default boolean deliversPerSubscriber() {
        return false;
    }

    /**
     * Delivers a publication to one subscriber, when {@link #deliversPerSubscriber()} says so: called once per
     * publication and subscribing connection (however many of its subscriptions match the channel; the handler
     * tells which do), in the channel's publication order.
     *
     * <p>Called by the broker's delivery, on any thread, with the channel's delivery lock held and possibly while
     * a message of the same connection is being handled: it must only read the connection's thread-safe state and
     * queue frames ({@link Connection#sendText}, {@link Connection#sendBinary}), never block. What it sends is
     * queued, and written once every subscriber was handed the publication, many subscribers' writes in parallel: a
     * streamed send ({@link Connection#sendTextStream}) would wait for a write not yet started. An exception is
     * logged; the other subscribers still get the publication.
     *
     * @param subscriber  a connection of this subprotocol subscribed to the publication's channel
     * @param publication the publication
     */
    default void deliverPublication(Connection subscriber, Publication publication) {}

    /**
     * The connection's identity expires soon: the handler may tell the client to refresh its credential (through
     * {@link dev.switchboard.api.Gateway#reauthenticate}). Unless that happens before {@code expiresAt}, the hub
     * closes the connection with {@link dev.switchboard.api.CloseCodes#UNAUTHORIZED}.
     *
     * <p>Called by the hub's timer thread, once per expiry, {@code switchboard.auth.refresh-warning} before it (at
     * once when less time is left), possibly while a message of the same connection is being handled. The default
     * does nothing, so such a connection is just closed at expiry. An exception is logged.
     *
     * @param connection the connection
     * @param expiresAt  when its identity expires
     */
    default void onIdentityExpiring(Connection connection, Instant expiresAt) {}

    /**
     * Tells whether this handler also answers to tokens that end with its {@link dev.switchboard.api.Subprotocol}
     * name after a client-chosen prefix (the sgc JavaScript clients offer {@code <prefix>presence.esegece.com}); the
     * negotiation echoes the token the client sent. An exact name of another bean wins over such a match. Asked once,
     * when the deployment starts.
     *
     * @return true to accept prefixed tokens; the default is false (the exact token only)
     */
    default boolean acceptsPrefixedTokens() {
        return false;
    }
}
