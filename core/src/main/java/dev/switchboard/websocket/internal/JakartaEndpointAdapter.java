package dev.switchboard.websocket.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bridges one {@link Session} to a hub connection and its subprotocol handler. One instance per connection.
 *
 * <p>Containers call an endpoint instance from one thread at a time, but {@code onError} and {@code onClose} may
 * arrive on another thread than the last message; the lock keeps every handler call for a connection serial and
 * ordered, as {@link SubprotocolHandler} promises. It is a {@link ReentrantLock} because handlers may run on
 * virtual threads.
 */
public final class JakartaEndpointAdapter extends Endpoint {

    private static final System.Logger LOG = System.getLogger(JakartaEndpointAdapter.class.getName());

    private final HandshakeInfo handshake;
    private final String subprotocol;
    private final SubprotocolHandler handler;
    private final Hub hub;
    private final SwitchboardConfig config;
    private final ReentrantLock serial = new ReentrantLock();
    private WebSocketConnection connection;
    private boolean closed;

    /**
     * Creates the endpoint of one connection.
     *
     * @param handshake   the captured request
     * @param subprotocol the negotiated token, or null
     * @param handler     the handler of that subprotocol
     * @param hub         the hub
     * @param config      the settings
     */
    public JakartaEndpointAdapter(HandshakeInfo handshake, String subprotocol, SubprotocolHandler handler,
                                  Hub hub, SwitchboardConfig config) {
        this.handshake = handshake;
        this.subprotocol = subprotocol;
        this.handler = handler;
        this.hub = hub;
        this.config = config;
    }

    @Override
    public void onOpen(Session session, EndpointConfig endpointConfig) {
        session.setMaxTextMessageBufferSize(config.maxTextMessageSize());
        session.setMaxBinaryMessageBufferSize(config.maxBinaryMessageSize());
        if (!config.idleTimeout().isZero()) {
            session.setMaxIdleTimeout(config.idleTimeout().toMillis());
        }
        serial.lock();
        try {
            connection = new WebSocketConnection(session, subprotocol, handler, handshake, config);
            hub.register(connection);
            session.addMessageHandler(String.class, this::onText);
            session.addMessageHandler(ByteBuffer.class, this::onBinary);
            session.addMessageHandler(PongMessage.class, pong -> connection.markAlive());
            handler.onOpen(connection);
            hub.opened(connection);
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
        } finally {
            serial.unlock();
        }
    }

    private void onText(String message) {
        serial.lock();
        try {
            if (closed) {
                return;
            }
            connection.countInbound(WebSocketConnection.utf8Length(message));
            var refused = hub.inspectText(connection, message);
            if (refused.isPresent()) {
                connection.close(refused.get().closeCode(), refused.get().reason());
                return;
            }
            handler.onText(connection, message);
            hub.messageReceived(connection, message);
        } catch (RuntimeException e) {
            failHandler("onText", e);
        } finally {
            serial.unlock();
        }
    }

    private void onBinary(ByteBuffer message) {
        serial.lock();
        try {
            if (closed) {
                return;
            }
            connection.countInbound(message.remaining());
            var refused = hub.inspectBinary(connection, message);
            if (refused.isPresent()) {
                connection.close(refused.get().closeCode(), refused.get().reason());
                return;
            }
            handler.onBinary(connection, message);
            hub.binaryReceived(connection, message);
        } catch (RuntimeException e) {
            failHandler("onBinary", e);
        } finally {
            serial.unlock();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        serial.lock();
        try {
            if (closed || connection == null) {
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "Transport error on " + connection, error);
            handler.onError(connection, error);
            hub.failed(connection, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Handler onError of " + connection + " failed", e);
        } finally {
            serial.unlock();
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        serial.lock();
        try {
            if (closed || connection == null) {
                return;
            }
            closed = true;
            int code = closeReason.getCloseCode().getCode();
            String reason = closeReason.getReasonPhrase();
            // The hub forgets the connection first, so the handler's onClose sees it gone from every channel.
            hub.closed(connection, code, reason);
            handler.onClose(connection, code, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + connection + " failed", e);
        } finally {
            serial.unlock();
        }
    }

    private void failHandler(String method, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Subprotocol handler " + method + " failed on " + connection
                + "; closing it", e);
        if (connection != null) {
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }
}
