package dev.switchboard.websocket.internal;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.WebSocketAbort;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** A hub connection over a Jakarta WebSocket session; writes with the asynchronous remote. */
final class SessionConnection extends WebSocketConnection {

    private static final System.Logger LOG = System.getLogger(SessionConnection.class.getName());

    private static final List<WebSocketAbort> ABORTS =
            ServiceLoader.load(WebSocketAbort.class, SessionConnection.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private final Session session;

    /** The handler of the remote's sends, made at the first one: one write is in flight at a time. */
    private Completion completion;

    SessionConnection(
            Session session,
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            SwitchboardConfig config,
            WireTap wireTap) {
        super(subprotocol, handler, handshake, config, wireTap);
        this.session = session;
    }

    /** Completes the remote's sends. */
    private static final class Completion implements SendHandler {
        // Set before each send; the container runs the handler after taking the send through its own locks.
        private volatile Runnable done;
        private volatile Consumer<Throwable> failed;

        @Override
        public void onResult(jakarta.websocket.SendResult result) {
            if (result.isOK()) {
                done.run();
            } else {
                failed.accept(result.getException());
            }
        }
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        Completion handler = completion;
        if (handler == null) {
            handler = new Completion();
            completion = handler;
        }
        handler.done = done;
        handler.failed = failed;
        try {
            if (frame instanceof String text) {
                wireTap.text(this, false, text);
                session.getAsyncRemote().sendText(text, handler);
            } else {
                wireTap.binary(this, false, (ByteBuffer) frame);
                // Each connection gets its own view, so one encoded buffer can be shared by a fan-out.
                session.getAsyncRemote().sendBinary(((ByteBuffer) frame).duplicate(), handler);
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    /**
     * The container's own fragmenting stream: each buffer it fills leaves as a continuation frame, written on the
     * calling thread (the queue holds every other frame back, so no asynchronous write is under way).
     */
    @Override
    protected OutputStream openBinaryStream() throws IOException {
        return session.getBasicRemote().getSendStream();
    }

    @Override
    protected Writer openTextStream() throws IOException {
        return session.getBasicRemote().getSendWriter();
    }

    @Override
    protected void ping() {
        try {
            // Control frames may be interleaved with a fragmented data message (RFC 6455 section 5.4), so the
            // ping does not wait for the outbound queue.
            wireTap.control(this, false, true, PING_PAYLOAD.remaining());
            session.getAsyncRemote().sendPing(PING_PAYLOAD.duplicate());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Ping to " + this + " failed", e);
        }
    }

    @Override
    protected void pingWith(ByteBuffer payload) throws IOException {
        wireTap.control(this, false, true, payload.remaining());
        session.getAsyncRemote().sendPing(payload);
    }

    /**
     * Cuts the TCP connection with the container's own abort, found through {@link WebSocketAbort}; a container
     * without one gets the close {@link BaseConnection#abortTransport} falls back to.
     */
    @Override
    protected void abortTransport() {
        wireTap.closed(this, false, 1006, "aborted");
        for (WebSocketAbort abort : ABORTS) {
            try {
                if (abort.abort(session)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Aborting " + this + " failed", e);
            }
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "The WebSocket container cannot abort {0}; closing it with 1008 instead",
                this);
        super.abortTransport();
    }

    @Override
    protected void closeTransport(int code, String reason) {
        wireTap.closed(this, false, code, reason);
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // The peer is already gone; the container reports the close through onClose anyway.
            LOG.log(System.Logger.Level.DEBUG, "Closing " + this + " failed", e);
        }
    }
}
