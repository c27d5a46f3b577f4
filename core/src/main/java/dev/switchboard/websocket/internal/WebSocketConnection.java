package dev.switchboard.websocket.internal;

import dev.switchboard.api.Transport;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A hub connection over a JSR-356 session; writes with the asynchronous remote, one frame at a time. */
final class WebSocketConnection extends BaseConnection {

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final Session session;

    WebSocketConnection(Session session, String subprotocol, HandshakeInfo handshake, SwitchboardConfig config) {
        super(Transport.WEBSOCKET, subprotocol, handshake, config.outboundMaxMessages(), config.outboundMaxBytes());
        this.session = session;
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        SendHandler handler = result -> {
            if (result.isOK()) {
                done.run();
            } else {
                failed.accept(result.getException());
            }
        };
        try {
            if (frame instanceof String text) {
                session.getAsyncRemote().sendText(text, handler);
            } else {
                // Each connection gets its own view, so one encoded buffer can be shared by a fan-out.
                session.getAsyncRemote().sendBinary(((ByteBuffer) frame).duplicate(), handler);
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    @Override
    protected void closeTransport(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // The peer is already gone; the container reports the close through onClose anyway.
            LOG.log(System.Logger.Level.DEBUG, "Closing " + this + " failed", e);
        }
    }
}
