package dev.switchboard.tcp.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.tcp.TcpSocket;
import dev.switchboard.tcp.TcpSocketListener;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bridges one TCP socket to a hub connection and its subprotocol handler; one instance per socket.
 *
 * <p>Every handler call for the connection is serial and ordered. The end of the socket may be reported on another
 * thread than the bytes, or inside a {@link TcpSocket#close()} that a handler call made itself: it never waits for
 * the lock, but is queued and run by this thread when the lock is free, otherwise by the thread that holds it as it
 * lets go (the same rule as the WebSocket adapter's, without its grace for late messages: a socket delivers no byte
 * after its end).
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
    private final ReentrantLock serial = new ReentrantLock();
    private final Queue<Runnable> lateCalls = new ConcurrentLinkedQueue<>();
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
        serial.lock();
        try {
            connection = new TcpConnection(socket, subprotocol, handler, handshake, config, wireTap);
            hub.register(connection);
            wireTap.opened(connection);
            handler.onOpen(connection);
            hub.opened(connection);
        } catch (RuntimeException e) {
            failHandler("onOpen", e);
        } finally {
            serial.unlock();
            runLateCalls();
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
        serial.lock();
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
            serial.unlock();
            runLateCalls();
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
        runSerially(() -> {
            try {
                // The hub first, so the handler's onClose sees the connection gone from every channel.
                hub.closed(over, code, reason);
                handler.onClose(over, code, reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + over + " failed", e);
            }
        });
    }

    private void runSerially(Runnable call) {
        lateCalls.add(call);
        // Inside a handler call on this thread (its close ended the socket at once): run after it, not inside it.
        if (!serial.isHeldByCurrentThread()) {
            runLateCalls();
        }
    }

    /** Runs the queued calls when the lock is free; a holder runs them when it lets go. */
    private void runLateCalls() {
        while (!lateCalls.isEmpty() && !serial.isHeldByCurrentThread() && serial.tryLock()) {
            try {
                for (Runnable call = lateCalls.poll(); call != null; call = lateCalls.poll()) {
                    call.run();
                }
            } finally {
                serial.unlock();
            }
        }
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
