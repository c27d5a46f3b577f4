package dev.switchboard.embedded.security;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the attack tests share: real JDK clients and raw sockets against a server on 127.0.0.1. */
final class Attack {

    static final Duration DEADLINE = TestClient.DEADLINE;

    private Attack() {
    }

    /** Adds a user to a users file, with few PBKDF2 iterations so that the tests stay fast. */
    static Path user(Path file, String name, String password, String... roles) throws IOException {
        UsersFile.addOrUpdate(file, name, PasswordHashes.hash(password.toCharArray(), 1_000), List.of(roles));
        return file;
    }

    static URI http(SwitchboardServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static URI ws(SwitchboardServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** An {@code Authorization} header with HTTP Basic credentials (UTF-8). */
    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEADLINE).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient client, URI uri, String contentType, String body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEADLINE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in with a JSON body. */
    static HttpResponse<String> login(HttpClient client, SwitchboardServer server, String user, String password)
            throws Exception {
        return post(client, http(server, "/auth/login"), "application/json",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
    }

    /** The value of a top-level string field of a flat JSON object. */
    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new AssertionError("No string field " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** Waits for a condition, failing after the deadline. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + DEADLINE + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

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
