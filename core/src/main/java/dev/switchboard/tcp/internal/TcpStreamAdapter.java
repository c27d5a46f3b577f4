package dev.switchboard.tcp.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SerialCalls;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.tcp.TcpSocket;
import dev.switchboard.tcp.TcpSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bridges one TCP socket to a hub connection and its subprotocol handler; one instance per socket.
 *
 * <p>Every handler call for the connection is serial and ordered ({@link SerialCalls}). The end of the socket may be
 * reported on another thread than the bytes, or inside a {@link TcpSocket#close()} that a handler call made itself: it
 * never waits, but runs after the call in progress (the same rule as the WebSocket adapter's, without its grace for
 * late messages: a socket delivers no byte after its end).
 */
public final class TcpStreamAdapter implements TcpSocketListener {

    private static final System.Logger LOG = System.getLogger(TcpStreamAdapter.class.getName());

    private final TcpSocket socket;
    private final String subprotocol;
    private final SubprotocolHandler handler;
    private final HandshakeInfo handshake;
    private final Hub hub;
    private final SwitchboardConfig config;
    private final WireTap wireTap;
    private final SerialCalls serial = new SerialCalls();
    private final AtomicBoolean ended = new AtomicBoolean();

    private volatile TcpConnection connection;

    /**
     * Describes the connection of one socket; {@link #open()} makes it.
     *
     * @param socket      the socket
     * @param subprotocol the subprotocol its bytes carry
     * @param handler     the handler of that subprotocol
     * @param handshake   the socket's facts (addresses; no request)
     * @param hub         the hub
     * @param config      the outbound bounds
     * @param wireTap     where bytes are reported to the wire log
     */
    public TcpStreamAdapter(
            TcpSocket socket,
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            Hub hub,
            SwitchboardConfig config,
            WireTap wireTap) {
        this.socket = socket;
        this.subprotocol = subprotocol;
        this.handler = handler;
        this.handshake = handshake;
        this.hub = hub;
        this.config = config;
        this.wireTap = wireTap;
    }

    /** Registers the connection with the hub and tells the handler it opened. */
    public void open() {
        serial.enter();
        try {
            connection = new TcpConnection(socket, subprotocol, handler, handshake, config, wireTap);
            hub.register(connection);
            wireTap.opened(connection);
            handler.onOpen(connection);
            hub.opened(connection);
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
        } finally {
            serial.exit();
        }
    }

    /**
     * The hub connection, once {@link #open()} ran.
     *
     * @return the connection
     */
    public TcpConnection connection() {
        return connection;
    }

    @Override
    public void received(ByteBuffer bytes) {
        serial.enter();
        try {
            TcpConnection current = connection;
            // After Switchboard's own close nothing more is handled; bytes the peer sent before its end still are.
            if (current == null || ended.get() || current.closeStartedHere()) {
                return;
            }
            current.countInbound(bytes.remaining());
            wireTap.binary(current, true, bytes);
            hub.receiveBinary(current, handler, bytes);
        } catch (RuntimeException e) {
            failHandler("onBinary", e);
        } finally {
            serial.exit();
        }
    }

    @Override
    public void ended() {
        TcpConnection over = connection;
        if (over == null || !ended.compareAndSet(false, true)) {
            return;
        }
        if (!over.closeStartedHere()) {
            wireTap.closed(over, true, over.closeCode(), over.closeReason());
        }
        over.markClosed();
        int code = over.closeCode();
        String reason = over.closeReason();
        // The hub forgets the connection only once its handler is done with it, in the same serial order.
        serial.later(() -> {
            try {
                // The hub first, so the handler's onClose sees the connection gone from every channel.
                hub.closed(over, code, reason);
                handler.onClose(over, code, reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + over + " failed", e);
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
