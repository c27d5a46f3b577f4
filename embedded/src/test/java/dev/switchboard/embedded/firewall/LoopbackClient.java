package dev.switchboard.embedded.firewall;

import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/WebSocket client whose socket is bound to a chosen loopback address (127.0.0.2, 127.0.0.3, ...), so
 * one test can be several distinct clients to the firewall.
 */
public final class LoopbackClient implements AutoCloseable {

    public static final Duration DEADLINE = Await.DEADLINE;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    public final int status;
    public final Map<String, String> headers;
    public final String body;

    private LoopbackClient(Socket socket, int status, Map<String, String> headers, String body) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Sends one request from {@code from}; for a WebSocket upgrade the socket stays open on 101. */
    public static LoopbackClient request(
            String from, int port, String method, String path, boolean upgrade, Map<String, String> extraHeaders)
            throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) DEADLINE.toMillis());
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n");
        if (upgrade) {
            request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(Base64.getEncoder().encodeToString(new byte[16]))
                    .append("\r\n");
        } else {
            request.append("Connection: close\r\nContent-Length: 0\r\n");
        }
        extraHeaders.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream raw = socket.getInputStream();
        int status = Integer.parseInt(readLine(raw).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine(raw)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        String body = "";
        if (status != 101 && headers.containsKey("content-length")) {
            body = new String(
                    new DataInputStream(raw).readNBytes(Integer.parseInt(headers.get("content-length"))),
                    StandardCharsets.UTF_8);
        }
        LoopbackClient client = new LoopbackClient(socket, status, headers, body);
        if (status != 101) {
            client.close();
        }
        return client;
    }

    /** Sends one GET from {@code from} and reads the whole answer. */
    public static LoopbackClient fetch(String from, int port, String path, Map<String, String> headers)
            throws IOException {
        return request(from, port, "GET", path, false, headers);
    }

    /** Sends a WebSocket upgrade to a path from {@code from} and returns the status, closing the socket. */
    public static int upgradeStatus(String from, int port, String path, Map<String, String> headers)
            throws IOException {
        return request(from, port, "GET", path, true, headers).closing().status;
    }

    public static int get(String from, int port, String path, Map<String, String> headers) throws IOException {
        return request(from, port, "GET", path, false, headers).status;
    }

    public static LoopbackClient upgrade(String from, int port) throws IOException {
        return request(from, port, "GET", "/", true, Map.of());
    }

    /** Upgrades to WebSocket at a path, from {@code from}. */
    public static LoopbackClient upgrade(String from, int port, String path) throws IOException {
        return request(from, port, "GET", path, true, Map.of());
    }

    /** Closes the socket and returns this client, for reading the status of a handshake only. */
    public LoopbackClient closing() throws IOException {
        close();
        return this;
    }

    /** Sends a masked text frame. */
    public void sendText(String text) throws IOException {
        // A zero mask: legal, and keeps the payload readable in captures.
        out.write(WebSocketFrame.encode(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8), new byte[4]));
        out.flush();
    }

    /** Sends a masked pong frame, as a client's one-way heartbeat would. */
    public void sendPong(byte[] payload) throws IOException {
        out.write(WebSocketFrame.encode(WebSocketFrame.PONG, payload, new byte[4]));
        out.flush();
    }

    /** Reads frames until a close frame and returns its code. */
    public int awaitCloseCode() throws IOException {
        return WebSocketFrame.awaitCloseCode(in);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
