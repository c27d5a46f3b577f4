package dev.switchboard.embedded.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame (RFC 6455 section 5.2) as a raw-socket test client writes and reads it, for what a
 * well-behaved client library would not send or would hide: odd payloads, unanswered pings, the exact close code.
 */
public record WebSocketFrame(int opcode, byte[] payload, boolean fin) {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A final frame. */
    public WebSocketFrame(int opcode, byte[] payload) {
        this(opcode, payload, true);
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or 1005 when it carries none. */
    public int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** A final frame masked with {@code mask} (four bytes), as a client must send it. */
    public static byte[] encode(int opcode, byte[] payload, byte[] mask) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads the next frame the server sent (unmasked), waiting up to the socket's timeout. */
    public static WebSocketFrame read(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new WebSocketFrame(first & 0x0F, payload, (first & 0x80) != 0);
    }

    /** Reads frames until a close frame arrives and returns its code; data and ping frames are skipped. */
    public static int awaitCloseCode(DataInputStream in) throws IOException {
        while (true) {
            WebSocketFrame frame = read(in);
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
    }
}
