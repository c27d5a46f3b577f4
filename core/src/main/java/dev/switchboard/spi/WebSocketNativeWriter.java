package dev.switchboard.spi;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A container's own way of writing whole WebSocket messages from bytes Switchboard has already encoded. The Jakarta
 * WebSocket API takes text as a {@code String} and encodes it again for every session it is sent to, so one
 * publication fanned out to ten thousand subscribers would be encoded ten thousand times; through a native writer it
 * is encoded once and every subscriber's frame is a view of the same bytes.
 *
 * <p>A runtime provides it through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.switchboard.spi.WebSocketNativeWriter}) loaded by core's class loader; the embedded
 * Jetty server does (Jetty's core WebSocket session). Where none answers for a session, Switchboard writes through
 * the standard asynchronous remote. Every provider found is instantiated on every container, so one must not link its
 * container's classes before it has a session of that container in hand.
 *
 * <p><b>Contract.</b> {@link #writerFor} is asked at most once per connection, before its first write, and returns
 * null for a session of another container. A {@link Writer} is given at most one message at a time: the next only once
 * the previous one's callback ran (Switchboard's outbound queue keeps one write in flight). Exactly one callback runs,
 * once, on any thread, possibly before the send method returns. The buffer is the writer's own view of bytes shared
 * with other writers: it may consume the view, never change the bytes.
 */
public interface WebSocketNativeWriter {

    /**
     * The writer for one session.
     *
     * @param session the session
     * @return the writer, or null when the session is not this provider's container's
     */
    Writer writerFor(Session session);

    /** Writes whole messages to one session. */
    interface Writer {

        /**
         * Sends one text message.
         *
         * @param utf8   its UTF-8 bytes, this writer's own view of them
         * @param done   to run when written
         * @param failed to run when the write failed
         */
        void sendText(ByteBuffer utf8, Runnable done, Consumer<Throwable> failed);

        /**
         * Sends one binary message.
         *
         * @param data   its bytes, this writer's own view of them
         * @param done   to run when written
         * @param failed to run when the write failed
         */
        void sendBinary(ByteBuffer data, Runnable done, Consumer<Throwable> failed);
    }
}
