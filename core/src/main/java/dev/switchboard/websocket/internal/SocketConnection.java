package dev.switchboard.websocket.internal;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.OutboundQueue;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.WebSocketNativeUpgrade;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A hub connection over a container's native socket ({@link WebSocketNativeUpgrade}). Text leaves from the UTF-8 bytes
 * its queued frame keeps, so a fan-out's publication is encoded once for all its subscribers.
 */
final class SocketConnection extends WebSocketConnection {

    private static final System.Logger LOG = System.getLogger(SocketConnection.class.getName());

    private final WebSocketNativeUpgrade.Socket socket;

    SocketConnection(
            WebSocketNativeUpgrade.Socket socket,
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            SwitchboardConfig config,
            WireTap wireTap) {
        super(subprotocol, handler, handshake, config, wireTap);
        this.socket = socket;
    }

    @Override
    protected void writeFrame(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
        try {
            if (frame.payload() instanceof String text) {
                wireTap.text(this, false, text);
                socket.sendText(frame.utf8(), done, failed);
            } else {
                ByteBuffer data = (ByteBuffer) frame.payload();
                wireTap.binary(this, false, data);
                socket.sendBinary(data.duplicate(), done, failed);
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    /** A message that was not queued: written as a frame of this connection's own. */
    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        writeFrame(
                frame instanceof String text
                        ? OutboundQueue.Frame.exclusive(text, utf8Length(text))
                        : new OutboundQueue.Frame(frame, ((ByteBuffer) frame).remaining()),
                done,
                failed);
    }

    @Override
    protected OutputStream openBinaryStream() throws IOException {
        return socket.binaryStream();
    }

    @Override
    protected Writer openTextStream() throws IOException {
        return socket.textStream();
    }

    @Override
    protected void ping() {
        try {
            wireTap.control(this, false, true, PING_PAYLOAD.remaining());
            socket.sendPing(PING_PAYLOAD.duplicate());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Ping to " + this + " failed", e);
        }
    }

    @Override
    protected void pingWith(ByteBuffer payload) {
        wireTap.control(this, false, true, payload.remaining());
        socket.sendPing(payload);
    }

    @Override
    protected void abortTransport() {
        wireTap.closed(this, false, 1006, "aborted");
        socket.abort();
    }

    @Override
    protected void closeTransport(int code, String reason) {
        wireTap.closed(this, false, code, reason);
        try {
            socket.close(code, reason);
        } catch (RuntimeException e) {
            // The peer is already gone; the socket reports the close through onClose anyway.
            LOG.log(System.Logger.Level.DEBUG, "Closing " + this + " failed", e);
        }
    }
}
