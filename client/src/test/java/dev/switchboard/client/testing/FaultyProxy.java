package dev.switchboard.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP forwarder on 127.0.0.1 that tests use to break connections on purpose: it forwards each accepted
 * connection to a target port, and can cut every current connection, refuse new ones (accept and close at once),
 * stall (keep connections open but forward nothing, a silent peer), delay every chunk of bytes, and move to another
 * target. Its threads are virtual and end with {@link #close()}.
 */
public final class FaultyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unstalled = lock.newCondition();
    private final Thread acceptor;
    private volatile int targetPort;
    private volatile boolean refusing;
    private volatile boolean stalled;
    private volatile long delayNanos;
    private volatile boolean closed;
    private volatile boolean refuseUpgrades;
    private final java.util.List<String> responseHeads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("faulty-proxy-accept").start(this::acceptLoop);
    }

    /** A started proxy forwarding to {@code 127.0.0.1:targetPort}. */
    public static FaultyProxy to(int targetPort) throws IOException {
        return new FaultyProxy(targetPort);
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far, refused ones included. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections currently forwarded (each counted once). */
    public int open() {
        return sockets.size() / 2;
    }

    /** Forwards new connections to another port. */
    public FaultyProxy target(int port) {
        targetPort = port;
        return this;
    }

    /** Closes every current connection at once (both sides, without a WebSocket close: a cut cable). */
    public FaultyProxy cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        return this;
    }

    /** While on, new connections are accepted and closed at once. */
    public FaultyProxy refusing(boolean value) {
        refusing = value;
        return this;
    }

    /** While on, bytes are held in both directions: the peer looks alive to TCP but says nothing. */
    public FaultyProxy stalled(boolean value) {
        lock.lock();
        try {
            stalled = value;
            unstalled.signalAll();
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * While on, the proxy reads each new connection's first request and answers {@code 403} to a WebSocket
     * upgrade (as a proxy that does not pass WebSocket), forwarding every other request.
     */
    public FaultyProxy refuseUpgrades(boolean value) {
        refuseUpgrades = value;
        return this;
    }

    /** The first bytes each forwarded connection's server sent (up to the end of the HTTP head), in order. */
    public java.util.List<String> responseHeads() {
        return responseHeads;
    }

    /** Delays every chunk of bytes by {@code delay} in both directions. */
    public FaultyProxy delay(Duration delay) {
        delayNanos = delay.toNanos();
        return this;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cutAll();
        stalled(false);
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("faulty-proxy-connect").start(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        byte[] head = new byte[0];
        if (refuseUpgrades) {
            try {
                head = readHead(client.getInputStream());
                String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .toLowerCase(java.util.Locale.ROOT);
                if (text.contains("\r\nupgrade: websocket")) {
                    client.getOutputStream()
                            .write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
                                            + "Connection: close\r\n\r\nno WebSocket here.\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                    closeQuietly(client);
                    return;
                }
            } catch (IOException e) {
                closeQuietly(client);
                return;
            }
        }
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            server.getOutputStream().write(head);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        sockets.add(client);
        sockets.add(server);
        Thread.ofVirtual().name("faulty-proxy-up").start(() -> pump(client, server, false));
        Thread.ofVirtual().name("faulty-proxy-down").start(() -> pump(server, client, true));
    }

    /** Reads up to the blank line ending an HTTP head, at most 64 KiB. */
    static byte[] readHead(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < 64 * 1024) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside an HTTP head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        throw new IOException("an HTTP head over 64 KiB");
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[16 * 1024];
        boolean first = fromServer;
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (first) {
                    first = false;
                    String text = new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    responseHeads.add(end < 0 ? text : text.substring(0, end));
                }
                awaitUnstalled();
                long delay = delayNanos;
                if (delay > 0) {
                    // The delay is the proxy's feature (a slow network), not a test waiting for something.
                    Thread.sleep(Duration.ofNanos(delay));
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side went away: the other follows.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitUnstalled() throws InterruptedException {
        lock.lock();
        try {
            while (stalled && !closed) {
                unstalled.await();
            }
        } finally {
            lock.unlock();
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
