package dev.switchboard.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One driver connection: a Jetty core {@link FrameHandler} that hands each text (or binary) message, with the time
 * it arrived, to the listener of the current scenario phase. It runs on the client's selector and pool threads; nothing blocks.
 */
final class ClientConnection implements FrameHandler {

    /** Receives text messages; called on a client thread, never concurrently for one connection. */
    interface Listener {
        /**
         * A text message arrived.
         *
         * @param connection   the connection
         * @param text         the message
         * @param arrivedNanos {@link System#nanoTime()} when its frame was handed to the driver
         */
        void onText(ClientConnection connection, String text, long arrivedNanos);
    }

    /** Receives binary messages (the MQTT driver's); called on a client thread, never concurrently for one connection. */
    interface BinaryListener {
        /**
         * A binary message arrived.
         *
         * @param connection   the connection
         * @param bytes        the message, readable until the method returns only
         * @param arrivedNanos {@link System#nanoTime()} when its last frame was handed to the driver
         */
        void onBinary(ClientConnection connection, ByteBuffer bytes, long arrivedNanos);
    }

    private static final Listener IGNORE = (connection, text, arrivedNanos) -> {};
    private static final BinaryListener IGNORE_BINARY = (connection, bytes, arrivedNanos) -> {};

    private final CompletableFuture<ClientConnection> opened = new CompletableFuture<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private volatile CoreSession session;
    /** The close frame the server sent, null until one arrived (or when its payload was malformed). */
    private volatile CloseStatus closeReceived;

    private volatile Listener listener = IGNORE;
    private volatile BinaryListener binaryListener = IGNORE_BINARY;
    private StringBuilder fragments;
    private java.io.ByteArrayOutputStream binaryFragments;

    /**
     * The largest binary message assembled from fragments (1 MiB, as the client's text message limit): a server that
     * sends more is closed with 1009 rather than filling the driver's heap.
     */
    static final int MAX_BINARY_MESSAGE_BYTES = 1 << 20;

    /** Per-connection scratch of the scenario that owns the connection (the echo scenario's send time). */
    volatile long mark;

    CompletableFuture<ClientConnection> opened() {
        return opened;
    }

    CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    /** The status of the close frame the server sent, or null when none arrived. */
    CloseStatus closeReceived() {
        return closeReceived;
    }

    void listener(Listener value) {
        listener = value == null ? IGNORE : value;
    }

    void binaryListener(BinaryListener value) {
        binaryListener = value == null ? IGNORE_BINARY : value;
    }

    /** Sends one binary message; the buffer must not be changed afterwards. */
    void send(ByteBuffer bytes) {
        CoreSession current = session;
        if (current != null) {
            current.sendFrame(new Frame(OpCode.BINARY).setPayload(bytes), Callback.NOOP, false);
        }
    }

    void send(String text) {
        CoreSession current = session;
        if (current != null) {
            current.sendFrame(new Frame(OpCode.TEXT, text), Callback.NOOP, false);
        }
    }

    void close() {
        CoreSession current = session;
        if (current == null) {
            closed.complete(null);
        } else {
            current.close(CloseStatus.NORMAL, "bench done", Callback.NOOP);
        }
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        callback.succeeded();
        // Jetty 12 core handlers pull frames explicitly: one demand, one frame.
        coreSession.demand();
        opened.complete(this);
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        long arrived = System.nanoTime();
        switch (frame.getOpCode()) {
            case OpCode.TEXT -> {
                if (frame.isFin()) {
                    listener.onText(this, frame.getPayloadAsUTF8(), arrived);
                } else {
                    fragments = new StringBuilder(frame.getPayloadAsUTF8());
                }
            }
            case OpCode.BINARY -> {
                if (frame.isFin()) {
                    binaryListener.onBinary(this, payloadOf(frame), arrived);
                } else {
                    binaryFragments = new java.io.ByteArrayOutputStream();
                    binaryFragments.writeBytes(BufferUtil.toArray(payloadOf(frame)));
                }
            }
            case OpCode.CONTINUATION -> {
                if (binaryFragments != null) {
                    binaryFragments.writeBytes(BufferUtil.toArray(payloadOf(frame)));
                    if (binaryFragments.size() > MAX_BINARY_MESSAGE_BYTES) {
                        binaryFragments = null;
                        session.close(CloseStatus.MESSAGE_TOO_LARGE, "binary message too large", Callback.NOOP);
                    } else if (frame.isFin()) {
                        ByteBuffer whole = ByteBuffer.wrap(binaryFragments.toByteArray());
                        binaryFragments = null;
                        binaryListener.onBinary(this, whole, arrived);
                    }
                } else if (fragments != null) {
                    fragments.append(frame.getPayloadAsUTF8());
                    if (frame.isFin()) {
                        String text = fragments.toString();
                        fragments = null;
                        listener.onText(this, text, arrived);
                    }
                }
            }
            case OpCode.PING -> {
                // Switchboard's heartbeat pings idle connections; an unanswered ping would close them mid-scenario.
                ByteBuffer payload = BufferUtil.copy(frame.getPayload());
                session.sendFrame(
                        new Frame(OpCode.PONG).setPayload(payload == null ? BufferUtil.EMPTY_BUFFER : payload),
                        Callback.NOOP,
                        false);
            }
            case OpCode.CLOSE -> {
                // The core session answers it itself; kept so a harness can tell a clean close from any other.
                try {
                    closeReceived = CloseStatus.getCloseStatus(frame);
                } catch (RuntimeException malformed) {
                    closeReceived = null;
                }
            }
            default -> {
                // Pong frames.
            }
        }
        callback.succeeded();
        if (frame.getOpCode() != OpCode.CLOSE) {
            session.demand();
        }
    }

    private static ByteBuffer payloadOf(Frame frame) {
        return frame.hasPayload() ? frame.getPayload() : BufferUtil.EMPTY_BUFFER;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        opened.completeExceptionally(cause);
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        opened.completeExceptionally(new IllegalStateException("Closed before open: " + closeStatus));
        closed.complete(closeStatus);
        callback.succeeded();
    }
}
