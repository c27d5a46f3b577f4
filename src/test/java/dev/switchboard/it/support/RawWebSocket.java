package dev.switchboard.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A minimal RFC 6455 client over a plain socket, for what a client library hides: whether the server ended the
 * connection with a close frame (and which code) or cut it without one (RFC 6455 section 7.1.5: the client then
 * reports 1006, a code never sent on the wire). It writes masked text frames and reads unmasked frames.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Opcode of a text frame. */
    public static final int TEXT = 0x1;
    /** Opcode of a close frame. */
    public static final int CLOSE = 0x8;
    /** The code a client reports for a connection that ended without a close frame (RFC 6455 section 7.4.1). */
    public static final int ABNORMAL_CLOSURE = 1006;

    /**
     * One frame from the server.
     *
     * @param opcode  the opcode
     * @param payload the payload
     */
    public record Frame(int opcode, byte[] payload) {

        /**
         * The payload as UTF-8 text.
         *
         * @return the text
         */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a WebSocket and checks the server answered 101; reads wait at most {@link Eventually#DEADLINE}.
     *
     * @param uri          the ws:// URI
     * @param extraHeaders more request headers, such as {@code Sec-WebSocket-Protocol}
     * @return the open socket
     * @throws IOException when the connection fails or the server does not upgrade it
     */
    public static RawWebSocket connect(URI uri, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) Eventually.DEADLINE.toMillis());
            socket.setSoTimeout((int) Eventually.DEADLINE.toMillis());
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            StringBuilder request = new StringBuilder()
                    .append("GET ")
                    .append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost())
                    .append(':')
                    .append(uri.getPort())
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(Base64.getEncoder().encodeToString(nonce))
                    .append("\r\n");
            extraHeaders.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream raw = socket.getInputStream();
            String status = readLine(raw);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("The server did not upgrade: " + status);
            }
            while (!readLine(raw).isEmpty()) {
                // The response headers; the test needs none of them.
            }
            return new RawWebSocket(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new EOFException("The response head ended early");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Sends a final, masked text frame.
     *
     * @param text the text
     * @throws IOException when the connection fails
     */
    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            // The tests send short commands only; 16-bit lengths cover them all.
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Reads the next frame, control frames included.
     *
     * @return the frame
     * @throws EOFException when the connection ended
     * @throws IOException  when it fails or nothing arrives within the deadline
     */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 16 * 1024 * 1024) {
            throw new IOException("A frame of " + length + " bytes; the tests expect short ones");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /**
     * Reads frames until a text frame arrives.
     *
     * @return its text
     * @throws IOException when the connection ends or fails first
     */
    public String nextText() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == TEXT) {
                return frame.text();
            }
            if (frame.opcode() == CLOSE) {
                throw new IOException("Closed with " + closeCode(frame));
            }
        }
    }

    /**
     * Reads every frame up to the end of the connection and tells how it ended, as a client reports it: the code of
     * the server's close frame, which it answers with the same code as RFC 6455 section 5.5.1 asks, or
     * {@value #ABNORMAL_CLOSURE} when the connection ended without one.
     *
     * @return the close code
     * @throws IOException when the connection fails otherwise or does not end within the deadline
     */
    public int closeCode() throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = read();
            } catch (EOFException e) {
                return ABNORMAL_CLOSURE;
            }
            if (frame.opcode() == CLOSE) {
                int code = closeCode(frame);
                send(CLOSE, code == 1005 ? new byte[0] : new byte[] {(byte) (code >>> 8), (byte) code});
                return code;
            }
        }
    }

    private static int closeCode(Frame frame) {
        byte[] payload = frame.payload();
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
