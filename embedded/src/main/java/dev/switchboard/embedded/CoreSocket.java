package dev.switchboard.embedded;

import dev.switchboard.spi.WebSocketNativeUpgrade;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.eclipse.jetty.websocket.core.messages.MessageOutputStream;
import org.eclipse.jetty.websocket.core.messages.MessageWriter;

/**
 * One connection on Jetty's core WebSocket: assembles the frames it reads into the messages (or, for a handler that
 * takes them, the fragments) Switchboard's events receive, and writes Switchboard's messages as frames.
 *
 * <p>Jetty calls a frame handler for one frame at a time and reads the next only on {@link CoreSession#demand()}, so
 * the fields of the message being read need no lock; each frame's callback is completed, and the next frame
 * demanded, once the events are done with it, as Jetty's Jakarta sessions do. A violation is reported by failing the
 * frame's callback with Jetty's close exception: 1009 past the bounds, 1007 for text that is not UTF-8 (at the
 * first bad byte, not only at the end of a fragmented message), 1002 for a continuation out of sequence.
 *
 * <p>It is also the Jetty callback of its own sends, since one is in flight at a time: a send allocates a frame and
 * nothing else.
 */
final class CoreSocket implements FrameHandler, WebSocketNativeUpgrade.Socket, Callback {

    private static final System.Logger LOG = System.getLogger(CoreSocket.class.getName());

    private final WebSocketNativeUpgrade.Handshake handshake;
    private CoreSession session;
    private WebSocketNativeUpgrade.Events events;

    /** The data frame type of the message being read, {@link OpCode#UNDEFINED} between messages. */
    private byte reading = OpCode.UNDEFINED;
    /** The text read so far of a message in more than one frame. */
    private Utf8StringBuilder text;
    /** The bytes read so far of a binary message in more than one frame, and their count. */
    private byte[] binary;

    private long messageSize;

    // Set before each send; the completion runs after Jetty took the frame through its own locks.
    private volatile Runnable sent;
    private volatile Consumer<Throwable> sendFailed;

    CoreSocket(WebSocketNativeUpgrade.Handshake handshake) {
        this.handshake = handshake;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        try {
            events = handshake.open(this);
        } catch (RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY -> {
                if (reading != OpCode.UNDEFINED) {
                    callback.failed(new ProtocolException("A new data frame before the message in progress ended"));
                    return;
                }
                reading = frame.getOpCode();
                onData(frame, callback);
            }
            case OpCode.CONTINUATION -> {
                if (reading == OpCode.UNDEFINED) {
                    callback.failed(new ProtocolException("A continuation frame without a message in progress"));
                    return;
                }
                onData(frame, callback);
            }
            case OpCode.PING -> {
                // Answered as soon as read; the pong may go out between the frames of a message being written. Its
                // payload is the ping's buffer, which Jetty reuses once the callback completes: so only after the
                // pong was written (or could not be, the output being shut) is the frame done.
                Runnable answered = () -> done(callback);
                session.sendFrame(
                        new Frame(OpCode.PONG, true, frame.getPayload()),
                        Callback.from(answered, failure -> answered.run()),
                        false);
            }
            case OpCode.PONG -> {
                ByteBuffer payload = frame.getPayload();
                events.onPong(payload == null ? ByteBuffer.allocate(0) : copy(payload));
                done(callback);
            }
            // Jetty answers the close once the callback completes; onClosed ends the connection.
            case OpCode.CLOSE -> callback.succeeded();
            default -> callback.failed(new ProtocolException("Unknown opcode " + frame.getOpCode()));
        }
    }

    private void done(Callback callback) {
        callback.succeeded();
        session.demand();
    }

    private void onData(Frame frame, Callback callback) {
        boolean last = frame.isFin();
        try {
            if (reading == OpCode.TEXT) {
                onText(frame.getPayload(), last);
            } else {
                onBinary(frame.getPayload(), last);
            }
        } catch (RuntimeException e) {
            endMessage();
            callback.failed(e);
            return;
        }
        if (last) {
            endMessage();
        }
        done(callback);
    }

    private void onText(ByteBuffer payload, boolean last) {
        if (handshake.fragments()) {
            Utf8StringBuilder pending = text == null ? (text = new Utf8StringBuilder()) : text;
            append(pending, payload);
            events.onTextFragment(
                    last
                            ? pending.takeCompleteString(BadPayloadException.InvalidUtf8::new)
                            : pending.takePartialString(BadPayloadException.InvalidUtf8::new),
                    last);
            return;
        }
        bound(payload, handshake.maxTextMessageSize(), "Text");
        if (last && text == null) {
            events.onText(decode(payload));
            return;
        }
        Utf8StringBuilder pending = text == null ? (text = new Utf8StringBuilder(remaining(payload))) : text;
        append(pending, payload);
        if (last) {
            events.onText(pending.takeCompleteString(BadPayloadException.InvalidUtf8::new));
        }
    }

    private void onBinary(ByteBuffer payload, boolean last) {
        if (handshake.fragments()) {
            events.onBinaryFragment(payload == null ? ByteBuffer.allocate(0) : copy(payload), last);
            return;
        }
        long before = messageSize;
        bound(payload, handshake.maxBinaryMessageSize(), "Binary");
        int length = remaining(payload);
        if (last && binary == null) {
            events.onBinary(payload == null ? ByteBuffer.allocate(0) : copy(payload));
            return;
        }
        byte[] kept = binary;
        if (kept == null) {
            kept = new byte[Math.max(length, 1024)];
        } else if (before + length > kept.length) {
            kept = Arrays.copyOf(
                    kept, (int) Math.min(Math.max(before + length, 2L * kept.length), Integer.MAX_VALUE - 8));
        }
        if (payload != null) {
            payload.get(kept, (int) before, length);
        }
        binary = kept;
        if (last) {
            events.onBinary(ByteBuffer.wrap(kept, 0, (int) messageSize));
        }
    }

    /** Counts a frame's payload against the message's bound, refusing the message with 1009 past it. */
    private void bound(ByteBuffer payload, long max, String kind) {
        messageSize += remaining(payload);
        if (max > 0 && messageSize > max) {
            throw new MessageTooLargeException(
                    String.format("%s message too large: %,d > %,d", kind, messageSize, max));
        }
    }

    private void endMessage() {
        reading = OpCode.UNDEFINED;
        text = null;
        binary = null;
        messageSize = 0;
    }

    /** Appends a fragment's bytes, refusing at the first byte that cannot be UTF-8 rather than at the message's end. */
    private static void append(Utf8StringBuilder builder, ByteBuffer payload) {
        if (payload != null) {
            builder.append(payload);
        }
        if (builder.hasCodingErrors()) {
            throw new BadPayloadException.InvalidUtf8();
        }
    }

    /**
     * Decodes a message in one frame. ASCII, what most protocols' JSON is, is taken as it is; anything else goes
     * through Jetty's validating decoder.
     */
    private static String decode(ByteBuffer payload) {
        if (payload == null || !payload.hasRemaining()) {
            return "";
        }
        int from = payload.position();
        int to = payload.limit();
        for (int i = from; i < to; i++) {
            if (payload.get(i) < 0) {
                Utf8StringBuilder builder = new Utf8StringBuilder(to - from);
                builder.append(payload);
                return builder.takeCompleteString(BadPayloadException.InvalidUtf8::new);
            }
        }
        if (payload.hasArray()) {
            return new String(payload.array(), payload.arrayOffset() + from, to - from, StandardCharsets.ISO_8859_1);
        }
        byte[] bytes = new byte[to - from];
        payload.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int remaining(ByteBuffer payload) {
        return payload == null ? 0 : payload.remaining();
    }

    /** A copy the events may keep: Jetty reuses the frame's buffer once its callback completes. */
    private static ByteBuffer copy(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        return copy;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        WebSocketNativeUpgrade.Events opened = events;
        if (opened != null) {
            opened.onError(cause);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket failed before it opened", cause);
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        WebSocketNativeUpgrade.Events opened = events;
        if (opened != null) {
            String reason = closeStatus.getReason();
            opened.onClose(closeStatus.getCode(), reason == null ? "" : reason);
        }
        callback.succeeded();
    }

    @Override
    public void sendText(ByteBuffer utf8, Runnable done, Consumer<Throwable> failed) {
        send(OpCode.TEXT, utf8, done, failed);
    }

    @Override
    public void sendBinary(ByteBuffer data, Runnable done, Consumer<Throwable> failed) {
        send(OpCode.BINARY, data, done, failed);
    }

    private void send(byte opcode, ByteBuffer payload, Runnable done, Consumer<Throwable> failed) {
        sent = done;
        sendFailed = failed;
        session.sendFrame(new Frame(opcode, true, payload), this, false);
    }

    @Override
    public void succeeded() {
        sent.run();
    }

    @Override
    public void failed(Throwable error) {
        sendFailed.accept(error);
    }

    @Override
    public void sendPing(ByteBuffer payload) {
        session.sendFrame(new Frame(OpCode.PING, true, payload), Callback.NOOP, false);
    }

    @Override
    public OutputStream binaryStream() throws IOException {
        requireOpen();
        return new MessageOutputStream(session, session.getByteBufferPool());
    }

    @Override
    public Writer textStream() throws IOException {
        requireOpen();
        return new MessageWriter(session, session.getByteBufferPool());
    }

    private void requireOpen() throws IOException {
        if (!session.isOutputOpen()) {
            throw new IOException("The WebSocket is closed");
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    @Override
    public void abort() {
        session.abort();
    }

    @Override
    public String toString() {
        return "CoreSocket[" + session + "]";
    }
}
