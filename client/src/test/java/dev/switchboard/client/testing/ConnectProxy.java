package dev.switchboard.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy for tests that only tunnels ({@code CONNECT host:port}, RFC 9110 §9.3.6), and with
 * credentials demands {@code Proxy-Authorization: Basic} (407 with a challenge otherwise).
 */
public final class ConnectProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String expected;
    private final int refused;
    private final AtomicInteger connects = new AtomicInteger();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private ConnectProxy(String user, String password, int refused) throws IOException {
        this.refused = refused;
        expected = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("connect-proxy-accept").start(this::acceptLoop);
    }

    /** A proxy that lets anyone tunnel. */
    public static ConnectProxy open() throws IOException {
        return new ConnectProxy(null, null, 0);
    }

    /**
     * A proxy that lets anyone tunnel, except that it answers the {@code n}th {@code CONNECT} (1 for the first)
     * with {@code 503}, as a proxy does when its upstream hiccups.
     */
    public static ConnectProxy refusingTunnel(int n) throws IOException {
        return new ConnectProxy(null, null, n);
    }

    /** A proxy that demands these Basic credentials. */
    public static ConnectProxy withCredentials(String user, String password) throws IOException {
        return new ConnectProxy(user, password, 0);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The {@code host:port} of every tunnel opened. */
    public List<String> tunnels() {
        return tunnels;
    }

    /** The status of every answer to a CONNECT, in order. */
    public List<Integer> answers() {
        return answers;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("connect-proxy").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            String head = new String(FaultyProxy.readHead(client.getInputStream()), StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            String[] request = lines[0].split(" ");
            OutputStream out = client.getOutputStream();
            if (request.length != 3 || !"CONNECT".equals(request[0])) {
                answer(out, 405, "");
                FaultyProxy.closeQuietly(client);
                return;
            }
            if (expected != null && !expected.equals(header(lines, "proxy-authorization"))) {
                answer(out, 407, "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\n");
                FaultyProxy.closeQuietly(client);
                return;
            }
            if (connects.incrementAndGet() == refused) {
                answer(out, 503, "");
                FaultyProxy.closeQuietly(client);
                return;
            }
            int colon = request[1].lastIndexOf(':');
            Socket target =
                    new Socket(request[1].substring(0, colon), Integer.parseInt(request[1].substring(colon + 1)));
            tunnels.add(request[1]);
            answers.add(200);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Pipes.both(client, target);
        } catch (IOException | RuntimeException e) {
            FaultyProxy.closeQuietly(client);
        }
    }

    private void answer(OutputStream out, int status, String headers) throws IOException {
        answers.add(status);
        out.write(("HTTP/1.1 " + status + " "
                        + (switch (status) {
                            case 407 -> "Proxy Authentication Required";
                            case 503 -> "Service Unavailable";
                            default -> "Method Not Allowed";
                        })
                        + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0
                    && lines[i].substring(0, colon)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .equals(name)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }
}
