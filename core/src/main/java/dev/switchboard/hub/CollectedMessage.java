package dev.switchboard.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;

/**
 * A streamed message on a transport that has no fragments (an SSE event, a raw TCP frame): collected up to a bound
 * and written whole when its stream is closed.
 */
final class CollectedMessage {

    /** Writes a whole message and returns once it was written. */
    interface WholeWriter {
        /**
         * Writes one message.
         *
         * @param payload a {@code String} or a read-only {@code ByteBuffer}
         * @throws IOException when the write failed
         */
        void write(Object payload) throws IOException;
    }

    private CollectedMessage() {}

    private static IOException tooBig(long max) {
        return new IOException("a message sent as a stream on this transport is collected whole, and holds at most "
                + max + " bytes (the outbound queue's bound)");
    }

    /** A binary message. */
    static final class Binary extends OutputStream {
        private final WholeWriter writer;
        private final long max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        Binary(WholeWriter writer, long max) {
            this.writer = writer;
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the message was closed");
            }
            if (bytes.size() + (long) length > max) {
                throw tooBig(max);
            }
            bytes.write(data, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                writer.write(ByteBuffer.wrap(bytes.toByteArray()).asReadOnlyBuffer());
            }
        }
    }

    /** A text message. */
    static final class Text extends Writer {
        private final WholeWriter writer;
        private final long max;
        private final StringBuilder text = new StringBuilder();
        private long bytes;
        private boolean closed;

        Text(WholeWriter writer, long max) {
            this.writer = writer;
            this.max = max;
        }

        @Override
        public void write(char[] data, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the message was closed");
            }
            long more = BaseConnection.utf8Length(new String(data, offset, length));
            if (bytes + more > max) {
                throw tooBig(max);
            }
            bytes += more;
            text.append(data, offset, length);
        }

        @Override
        public void flush() {
            // Nothing leaves before the message is whole.
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                writer.write(text.toString());
            }
        }
    }
}
