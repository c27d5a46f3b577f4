package dev.switchboard.tcp.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Transport;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.tcp.TcpSocket;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A hub connection over a plain TCP socket: its frames are the subprotocol's bytes, written in queue order with one
 * write outstanding, under the same outbound bounds as every transport (a slow reader is closed with
 * {@link CloseCodes#SLOW_CONSUMER}).
 *
 * <p>TCP has no close frame: a close code is logged and reported to the hub and the handler, and the socket is
 * closed after the write in progress (so a last refusal packet reaches the client).
 */
public final class TcpConnection extends BaseConnection {

    /** What a WebSocket reports for a connection that ended without a close frame (RFC 6455 section 7.1.5). */
    static final int ENDED_WITHOUT_CLOSE = 1006;

    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

    private final TcpSocket socket;
    private final WireTap wireTap;
    // The peer's end, unless Switchboard closed the socket first (closeTransport sets both before closing).
    private volatile int closeCode = ENDED_WITHOUT_CLOSE;
    private volatile String closeReason = "connection ended";

    TcpConnection(
            TcpSocket socket,
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            SwitchboardConfig config,
            WireTap wireTap) {
        super(Transport.TCP, subprotocol, handler, handshake, config.outboundMaxMessages(), config.outboundMaxBytes());
        this.socket = socket;
        this.wireTap = wireTap;
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        if (!(frame instanceof ByteBuffer bytes)) {
            // The stream carries only the subprotocol's packets: text (a Gateway send or broadcast meant for sgc
            // clients) would corrupt it, so it is left out.
            LOG.log(System.Logger.Level.DEBUG, "Text message to {0} left out: TCP carries packets only", this);
            done.run();
            return;
        }
        try {
            wireTap.binary(this, false, bytes);
            // Each connection gets its own view, so one encoded buffer can be shared by a fan-out.
            socket.write(bytes.duplicate(), done, failed);
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    @Override
    protected void ping() {
        // A byte stream has no ping a client must answer, and no byte may be added to the subprotocol's stream.
        // Liveness is the subprotocol's (MQTT keep-alive) and the socket's (TCP keep-alive); the hub's heartbeat
        // counts the connection as alive.
        markAlive();
    }

    @Override
    protected void closeTransport(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        LOG.log(
                code == CloseCodes.NORMAL ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "Closing {0}: {1} {2}",
                this,
                String.valueOf(code),
                reason);
        wireTap.closed(this, false, code, reason);
        try {
            socket.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing " + this + " failed", e);
        }
    }

    /**
     * The code reported for the end: the one Switchboard closed with, or 1006 when the peer ended the stream.
     *
     * @return the code
     */
    int closeCode() {
        return closeCode;
    }

    /**
     * The reason reported for the end.
     *
     * @return the reason
     */
    String closeReason() {
        return closeReason;
    }
}
