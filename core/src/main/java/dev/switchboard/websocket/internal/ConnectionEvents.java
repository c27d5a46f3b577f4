package dev.switchboard.websocket.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SerialCalls;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.WebSocketNativeUpgrade;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bridges one WebSocket, a Jakarta session ({@link JakartaEndpointAdapter}) or a container's native socket, to a hub
 * connection and its subprotocol handler. One instance per connection.
 *
 * <p>Containers deliver a connection's messages from one thread at a time, but {@code onError} and {@code onClose} may
 * arrive on another thread than the last message, or on the thread that closes the session, inside the container's
 * close: whoever closed the connection (the shutdown, an administrator, a fan-out whose send failed while it holds a
 * channel's lock, the handler itself) would then wait for a handler still busy with a message, or deadlock with a
 * handler that is about to publish to that channel. So every handler call goes through {@link SerialCalls}: messages
 * wait for the call in progress, and these two never wait but are run after it, by the thread that ends it.
 *
 * <p><b>Messages delivered after the close.</b> A peer sends nothing after its close frame, so every message a
 * container delivers was sent before the close and is handled. Undertow (WildFly) reports the peer's close on its
 * I/O thread while messages read just before it may still wait for a worker thread, and delivers them after
 * {@code onClose}. So a close the peer started is finished {@link #LATE_MESSAGE_GRACE} later, on the scheduler: the
 * connection takes no more sends at once, messages delivered meanwhile still reach the handler, and only then are
 * the hub and the handler told of the close. A close Switchboard decided ({@link
 * dev.switchboard.hub.BaseConnection#closeStartedHere()}) or a broken transport (1006) is finished at once;
 * messages after it are dropped.
 */
final class ConnectionEvents implements WebSocketNativeUpgrade.Events {

    private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());

    /** How long a close the peer started waits for messages its container delivers after reporting it. */
    static final Duration LATE_MESSAGE_GRACE = Duration.ofMillis(250);

    /** The close code of a connection that broke without a close frame (RFC 6455 section 7.4.1). */
    private static final int CLOSED_ABNORMALLY = 1006;

    private final HandshakeInfo handshake;
    private final String subprotocol;
    private final SubprotocolHandler handler;
    private final Hub hub;
    private final SwitchboardConfig config;
    private final WireTap wireTap;
    private final SerialCalls serial = new SerialCalls();
    /** The container reported the close. */
    private final AtomicBoolean closeReported = new AtomicBoolean();
    /** The close is being finished: messages from here on are dropped. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Map<String, Object> attributes;

    private volatile WebSocketConnection connection;
    /** The message being received in fragments, for a handler that takes them; guarded by {@link #serial}. */
    private InboundFragments fragments;

    /**
     * Creates the events of one connection.
     *
     * @param handshake   the captured request
     * @param subprotocol the negotiated token, or null
     * @param handler     the handler of that subprotocol
     * @param hub         the hub
     * @param config      the settings
     * @param wireTap     where frames are reported to the wire log
     * @param attributes  attributes an upgrade check attached, set before the handler's {@code onOpen}
     */
    ConnectionEvents(
            HandshakeInfo handshake,
            String subprotocol,
            SubprotocolHandler handler,
            Hub hub,
            SwitchboardConfig config,
            WireTap wireTap,
            Map<String, Object> attributes) {
        this.attributes = Map.copyOf(attributes);
        this.handshake = handshake;
        this.subprotocol = subprotocol;
        this.handler = handler;
        this.hub = hub;
        this.config = config;
        this.wireTap = wireTap;
    }

    /**
     * The connection over a Jakarta session, to {@link #open}.
     *
     * @param session the session
     * @return the connection
     */
    SessionConnection over(jakarta.websocket.Session session) {
        return new SessionConnection(session, subprotocol, handler, handshake, config, wireTap);
    }

    /**
     * The connection over a container's native socket, to {@link #open}.
     *
     * @param socket the socket
     * @return the connection
     */
    SocketConnection over(WebSocketNativeUpgrade.Socket socket) {
        return new SocketConnection(socket, subprotocol, handler, handshake, config, wireTap);
    }

    /**
     * Whether the handler takes messages in fragments.
     *
     * @return true for fragments
     */
    boolean fragments() {
        return handler.receivesFragments();
    }

    /**
     * Opens the connection: registers it, lets the transport attach its message delivery, then tells the handler
     * and the hub; the transport delivers no message before this returns.
     *
     * @param opened the connection over the transport
     * @param attach attaches the transport's message delivery to this, under the lock
     */
    void open(WebSocketConnection opened, Runnable attach) {
        serial.enter();
        try {
            connection = opened;
            opened.attributes().putAll(attributes);
            hub.register(opened);
            wireTap.opened(opened);
            if (handler.receivesFragments()) {
                fragments = new InboundFragments(config.maxTextMessageSize(), config.maxBinaryMessageSize());
            }
            attach.run();
            handler.onOpen(opened);
            hub.opened(opened);
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void onText(String message) {
        serial.enter();
        try {
            if (closed.get()) {
                return;
            }
            connection.countInbound(WebSocketConnection.utf8Length(message));
            wireTap.text(connection, true, message);
            hub.receiveText(connection, handler, message);
        } catch (RuntimeException e) {
            failHandler("onText", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void onBinary(ByteBuffer message) {
        serial.enter();
        try {
            if (closed.get()) {
                return;
            }
            connection.countInbound(message.remaining());
            wireTap.binary(connection, true, message);
            hub.receiveBinary(connection, handler, message);
        } catch (RuntimeException e) {
            failHandler("onBinary", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void onTextFragment(String fragment, boolean last) {
        serial.enter();
        try {
            if (closed.get()) {
                return;
            }
            connection.countInboundFragment(WebSocketConnection.utf8Length(fragment), last);
            wireTap.text(connection, true, fragment);
            Optional<InboundMessageCheck.Fragment> taken = fragments.text(fragment, last);
            if (taken.isEmpty()) {
                tooBig("text", config.maxTextMessageSize());
                return;
            }
            hub.receiveFragment(connection, handler, taken.get());
        } catch (RuntimeException e) {
            failHandler("onTextFragment", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void onBinaryFragment(ByteBuffer fragment, boolean last) {
        serial.enter();
        try {
            if (closed.get()) {
                return;
            }
            connection.countInboundFragment(fragment.remaining(), last);
            wireTap.binary(connection, true, fragment);
            Optional<InboundMessageCheck.Fragment> taken = fragments.binary(fragment, last);
            if (taken.isEmpty()) {
                tooBig("binary", config.maxBinaryMessageSize());
                return;
            }
            hub.receiveFragment(connection, handler, taken.get());
        } catch (RuntimeException e) {
            failHandler("onBinaryFragment", e);
        } finally {
            serial.exit();
        }
    }

    /** A message received in fragments passed its bound: the container cannot tell, it never held it whole. */
    private void tooBig(String kind, long max) {
        if (!connection.isOpen()) {
            // The rest of a refused message, read before the close took effect.
            return;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Closing {0}: a {1} message in fragments passed {2} bytes",
                connection,
                kind,
                max);
        connection.close(CloseCodes.MESSAGE_TOO_BIG, "message too big");
    }

    @Override
    public void onPong(ByteBuffer data) {
        ByteBuffer payload = data.asReadOnlyBuffer();
        wireTap.control(connection, true, false, payload.remaining());
        // Measured before waiting for the lock, so a handler busy with a message does not lengthen the round trip.
        Optional<Duration> roundTrip = connection.pongReceived(payload.duplicate());
        serial.enter();
        try {
            if (closed.get()) {
                return;
            }
            hub.receivePong(connection, handler, payload, roundTrip);
        } catch (RuntimeException e) {
            failHandler("onPong", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void onError(Throwable error) {
        WebSocketConnection failed = connection;
        if (failed == null || closed.get()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "Transport error on " + failed, error);
        serial.later(() -> {
            try {
                handler.onError(failed, error);
                hub.failed(failed, error);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Handler onError of " + failed + " failed", e);
            }
        });
    }

    @Override
    public void onClose(int code, String reason) {
        WebSocketConnection ended = connection;
        if (ended == null || !closeReported.compareAndSet(false, true)) {
            return;
        }
        wireTap.closed(ended, true, code, reason);
        ended.markClosed();
        // The peer closed it (or a write failed as it did), not a decision of Switchboard's.
        boolean peerClosed = !ended.closeStartedHere() && code != CLOSED_ABNORMALLY;
        if (!peerClosed) {
            finishClose(ended, code, reason);
            return;
        }
        try {
            hub.scheduler().schedule(() -> finishClose(ended, code, reason), LATE_MESSAGE_GRACE);
        } catch (RuntimeException e) {
            // The scheduler is stopping with the deployment: no late message will be handled anyway.
            finishClose(ended, code, reason);
        }
    }

    /** Tells the hub and the handler of the close, after every message handled so far; once. */
    private void finishClose(WebSocketConnection ended, int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The hub forgets the connection only once its handler is done with it, in the same serial order: a
        // graceful stop waits for the registry to empty, and so for handlers still at work.
        serial.later(() -> {
            try {
                // The hub first, so the handler's onClose sees the connection gone from every channel.
                hub.closed(ended, code, reason);
                handler.onClose(ended, code, reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + ended + " failed", e);
            }
        });
    }

    private void failHandler(String method, RuntimeException e) {
        LOG.log(
                System.Logger.Level.ERROR,
                "Subprotocol handler " + method + " failed on " + connection + "; closing it",
                e);
        if (connection != null) {
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }
}
