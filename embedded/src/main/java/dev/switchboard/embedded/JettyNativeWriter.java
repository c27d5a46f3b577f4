package dev.switchboard.embedded;

import dev.switchboard.spi.WebSocketNativeWriter;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Writes through Jetty's core WebSocket session, under the Jakarta one: a TEXT frame over the UTF-8 bytes a fan-out
 * encoded once, where the Jakarta remote would encode the text again for each session. The frame goes through the
 * session's negotiated extensions (permessage-deflate) as any other. Registered with {@link java.util.ServiceLoader}.
 */
public final class JettyNativeWriter implements WebSocketNativeWriter {

    /** For the service loader. */
    public JettyNativeWriter() {}

    @Override
    public Writer writerFor(Session session) {
        return session instanceof JakartaWebSocketSession jetty ? new CoreWriter(jetty.getCoreSession()) : null;
    }

    /**
     * One session's writer. It is its own Jetty callback, since a session has one write in flight at a time: no
     * callback object is made per message.
     */
    private static final class CoreWriter implements Writer, Callback {
        private final CoreSession session;
        // Set before each send; the completion runs after Jetty took the frame through its own locks.
        private volatile Runnable done;
        private volatile Consumer<Throwable> failed;

        CoreWriter(CoreSession session) {
            this.session = session;
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
            this.done = done;
            this.failed = failed;
            session.sendFrame(new Frame(opcode, true, payload), this, false);
        }

        @Override
        public void succeeded() {
            done.run();
        }

        @Override
        public void failed(Throwable error) {
            failed.accept(error);
        }
    }
}
