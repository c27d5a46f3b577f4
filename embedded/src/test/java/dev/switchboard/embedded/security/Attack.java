package dev.switchboard.embedded.security;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What the attack tests share: real JDK clients and raw sockets against a server on 127.0.0.1. */
final class Attack {

    static final Duration DEADLINE = TestClient.DEADLINE;

    private Attack() {}

    /**
     * A POST whose body a raw socket sends one byte at a time, the way a slowloris client holds a server's request
     * open: headers at once, then a byte every {@code interval} until the declared length is sent or the server
     * answers.
     */
    static final class TricklingPost implements AutoCloseable {

        private final Socket socket;
        private final Thread trickler;
        private volatile int sent;
        private final int length;

        TricklingPost(SwitchboardServer server, String path, String contentType, byte[] body, Duration interval)
                throws IOException {
            this.length = body.length;
            socket = new Socket("127.0.0.1", server.port());
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: "
                            + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            trickler = Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        sent++;
                        Thread.sleep(interval);
                    }
                } catch (IOException | InterruptedException e) {
                    // The server cut the connection, or the test is over.
                }
            });
        }

        /** Reads the response's status line and headers, and as much of the body as arrives before the end. */
        String response() throws IOException {
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            try {
                while ((read = in.read(buffer)) != -1) {
                    text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    if (complete(text)) {
                        break;
                    }
                }
            } catch (java.net.SocketException reset) {
                // The server closed the connection with our unread bytes in flight: what arrived is the answer.
            }
            return text.toString();
        }

        private static boolean complete(CharSequence text) {
            String s = text.toString();
            int headEnd = s.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return false;
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(s.substring(0, headEnd));
            return length.find() && s.length() - headEnd - 4 >= Integer.parseInt(length.group(1));
        }

        /** How many body bytes had been sent. */
        int sent() {
            return sent;
        }

        int length() {
            return length;
        }

        @Override
        public void close() throws IOException {
            trickler.interrupt();
            socket.close();
        }
    }
}
