package dev.switchboard.embedded;

import dev.switchboard.embedded.testing.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately minimal RFC 6455 client over a plain socket, for what well-behaved clients cannot do: send
 * invalid UTF-8, stop reading, or never answer pings. It writes masked frames and reads unmasked ones.
 */
final class RawWebSocket implements AutoCloseable {

    /** One frame as read from the server. */
    private final Socket socket;

    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    final int status;
    final Map<String, String> headers;
    final String body;

    private RawWebSocket(Socket socket, int status, Map<String, String> headers, String body) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Sends a handshake with extra headers and reads the response head; the socket stays open on 101.
     */
    static RawWebSocket connect(int port, String path, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(nonce))
                .append("\r\n");
        extraHeaders.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();

        InputStream raw = socket.getInputStream();
        String statusLine = readLine(raw);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine(raw)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        String body = "";
        if (status != 101 && headers.containsKey("content-length")) {
            byte[] content = new DataInputStream(raw).readNBytes(Integer.parseInt(headers.get("content-length")));
            body = new String(content, StandardCharsets.UTF_8);
        }
        return new RawWebSocket(socket, status, headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one final frame with the given opcode and payload, masked as a client must. */
    void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        out.write(WebSocketFrame.encode(opcode, payload, mask));
        out.flush();
    }

    /** Sends one frame of a fragmented message: FIN only on the last. */
    void sendFragment(int opcode, byte[] payload, boolean fin) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        byte[] frame = WebSocketFrame.encode(opcode, payload, mask);
        if (!fin) {
            frame[0] &= 0x7F;
        }
        out.write(frame);
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame (control frames included), waiting up to the socket timeout. */
    WebSocketFrame read() throws IOException {
        return WebSocketFrame.read(in);
    }

    /** Reads frames until a close frame arrives and returns its code; data and ping frames are skipped. */
    int awaitCloseCode() throws IOException {
        return WebSocketFrame.awaitCloseCode(in);
    }

    /** Reads frames until a text frame arrives; pings are left unanswered. */
    String nextText() throws IOException {
        while (true) {
            WebSocketFrame frame = read();
            if (frame.opcode() == WebSocketFrame.TEXT) {
                return frame.text();
            }
            if (frame.opcode() == WebSocketFrame.CLOSE) {
                throw new IOException("closed with " + frame.closeCode());
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
