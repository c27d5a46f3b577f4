package dev.switchboard.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An opening handshake written by hand on a socket, for what the JDK client does not show or does not let a
 * caller send: the raw response headers, a refusal's body, and extension offers. The connection is closed
 * right after the response head (and body, when the upgrade is refused).
 */
public final class RawHandshake {

    /**
     * The server's answer.
     *
     * @param status  the HTTP status
     * @param headers header values by lower-case name
     * @param body    the body of a non-101 answer, empty otherwise
     */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        /**
         * One header's values joined with ", ".
         *
         * @param name the header name, any case
         * @return the joined values, or null when the header is absent
         */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }
    }

    private RawHandshake() {}

    /**
     * Sends an opening handshake to {@code uri} (http or ws) with the given extra headers.
     *
     * @param uri          the endpoint
     * @param extraHeaders more request headers, such as {@code Sec-WebSocket-Protocol}
     * @return the answer
     * @throws IOException when the connection fails
     */
    public static Response send(URI uri, Map<String, String> extraHeaders) throws IOException {
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(nonce))
                .append("\r\n");
        extraHeaders.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), port)) {
            socket.setSoTimeout((int) Eventually.DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("Not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            String body = "";
            if (status != 101 && headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length").get(0));
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Response(status, headers, body);
        }
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
        if (b == -1 && line.size() == 0) {
            throw new IOException("Connection closed before the response head ended");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
