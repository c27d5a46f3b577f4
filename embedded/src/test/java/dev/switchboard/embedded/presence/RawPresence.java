package dev.switchboard.embedded.presence;

import dev.switchboard.embedded.testing.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * A presence client over a plain socket, for what the JDK client does not show or do: the echoed subprotocol header,
 * and a connection cut without a close frame.
 */
final class RawPresence implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final int status;
    private final String subprotocol;
    private final SecureRandom random = new SecureRandom();

    private RawPresence(Socket socket, int status, String subprotocol) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.status = status;
        this.subprotocol = subprotocol;
    }

    static RawPresence connect(int port, String token) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(20_000);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Protocol: " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream raw = socket.getInputStream();
        int status = Integer.parseInt(readLine(raw).split(" ")[1]);
        String subprotocol = null;
        String line;
        while (!(line = readLine(raw)).isEmpty()) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-protocol")) {
                subprotocol = line.substring(colon + 1).trim();
            }
        }
        return new RawPresence(socket, status, subprotocol);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    int status() {
        return status;
    }

    String subprotocol() {
        return subprotocol;
    }

    void sendText(String text) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        socket.getOutputStream()
                .write(WebSocketFrame.encode(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8), mask));
        socket.getOutputStream().flush();
    }

    void sendBinary(byte[] bytes) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        socket.getOutputStream().write(WebSocketFrame.encode(0x2, bytes, mask));
        socket.getOutputStream().flush();
    }

    /** The next text frame; pings are left unanswered. */
    String nextText() throws IOException {
        while (true) {
            WebSocketFrame frame = WebSocketFrame.read(in);
            if (frame.opcode() == WebSocketFrame.TEXT) {
                return frame.text();
            }
            if (frame.opcode() == WebSocketFrame.CLOSE) {
                throw new IOException("closed with " + frame.closeCode());
            }
        }
    }

    /** Reads frames, pings left unanswered, until the server's close frame; returns its code. */
    int awaitClose() throws IOException {
        return WebSocketFrame.awaitCloseCode(in);
    }

    /** Cuts the TCP connection without a close frame. */
    @Override
    public void close() throws IOException {
        if (socket.isClosed()) {
            return;
        }
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
