package dev.switchboard.embedded.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request written byte for byte on a socket, so the request-target reaches the server exactly as an
 * attacker spells it (HTTP client libraries normalise or refuse such paths before sending them).
 *
 * @param status  the response status
 * @param headers the response headers, names in lower case
 * @param body    the response body (read up to its length or the end of the stream)
 */
record RawRequest(int status, Map<String, String> headers, String body) {

    private static final int TIMEOUT_MILLIS = 10_000;

    /**
     * Sends {@code METHOD target HTTP/1.1} with {@code Host} and {@code Connection: close} (or a WebSocket upgrade)
     * and reads the answer head and body.
     */
    static RawRequest send(int port, String method, String target, Map<String, String> extraHeaders,
                           boolean upgrade) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n");
            if (upgrade) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            } else {
                request.append("Connection: close\r\n");
            }
            extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while (!(header = line(in)).isEmpty()) {
                int colon = header.indexOf(':');
                headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            if (status == 101) {
                return new RawRequest(status, headers, "");
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(in);
            } else {
                body = in.readAllBytes();
            }
            return new RawRequest(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    static RawRequest get(int port, String target, Map<String, String> headers) throws IOException {
        return send(port, "GET", target, headers, false);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed before a response line");
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
