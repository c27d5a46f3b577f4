package dev.switchboard.forward.internal;

import dev.switchboard.log.LogSafe;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket-to-TCP bridge connection: the bytes of every message the client sends are written to the TCP
 * socket (binary as is, text as UTF-8), and what the socket delivers goes to the client as binary messages of
 * at most 16 KiB, in order. The socket reaching end of stream closes the WebSocket with 1000; the WebSocket
 * closing closes the socket.
 *
 * <p>One virtual thread per connection reads the socket and writes to the client with blocking sends, so a
 * slow client stops the reads (TCP flow control then slows the server). Client messages are written to the
 * socket on the container's thread, serially. The bridge counts itself among the {@link OpenBridges} while it is
 * open; {@link #shutdown} closes the socket and interrupts the pump, which ends its thread.
 */
public final class TcpBridge extends Endpoint {

    private static final System.Logger LOG = System.getLogger(TcpBridge.class.getName());
    private static final int CHUNK = 16 * 1024;

    private final Socket socket;
    private final String route;
    private final Runnable onEnd;
    private final OpenBridges bridges;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Thread pump;
    private volatile Session session;

    /**
     * Creates the bridge of one connection.
     *
     * @param socket the connected socket
     * @param route  the route's name, for log lines
     * @param onEnd   run once when the bridge ends
     * @param bridges the open bridges, which this joins until it ends
     */
    public TcpBridge(Socket socket, String route, Runnable onEnd, OpenBridges bridges) {
        this.socket = socket;
        this.route = route;
        this.onEnd = onEnd;
        this.bridges = bridges;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        if (!bridges.add(this)) {
            close(session, 1001, "server stopping");
            return;
        }
        OutputStream out;
        try {
            out = socket.getOutputStream();
        } catch (IOException e) {
            close(session, 1011, "upstream failed");
            return;
        }
        session.addMessageHandler(
                ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> write(session, out, part));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>)
                (part, last) -> write(session, out, ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8))));
        Thread thread = Thread.ofVirtual().name("switchboard-tcp-bridge").unstarted(() -> pump(session));
        pump = thread;
        thread.start();
        if (ended.get()) {
            // Ended while the pump was being set up: make sure the thread sees it.
            thread.interrupt();
        }
    }

    /** Ends the bridge from outside, as the application stops: the pump's read fails and its thread ends. */
    void shutdown() {
        end();
        Thread thread = pump;
        if (thread != null) {
            // A pump blocked in a send to a slow client is not woken by the socket closing.
            thread.interrupt();
        }
        Session client = session;
        if (client != null) {
            close(client, 1001, "server stopping");
        }
    }

    /**
     * Waits for the pump thread to end.
     *
     * @param timeout the longest wait
     * @return true when it has ended (or never started)
     */
    boolean awaitPump(Duration timeout) throws InterruptedException {
        Thread thread = pump;
        return thread == null || thread.join(timeout);
    }

    private void write(Session session, OutputStream out, ByteBuffer data) {
        try {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                out.write(copy);
            }
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Writing to the TCP upstream of route {0} failed", route);
            close(session, 1011, "upstream failed");
        }
    }

    private void pump(Session session) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(buffer, 0, n));
                }
            }
            close(session, 1000, "upstream closed");
        } catch (IOException | RuntimeException e) {
            if (!ended.get()) {
                LOG.log(System.Logger.Level.DEBUG, "TCP bridge of route {0} ended: {1}", route, LogSafe.of(e));
                close(session, 1011, "upstream failed");
            }
        }
    }

    private static void close(Session session, int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            // Already closing from the other side; onClose releases the socket either way.
            LOG.log(System.Logger.Level.DEBUG, "Closing a bridged WebSocket failed", e);
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        end();
    }

    @Override
    public void onError(Session session, Throwable thr) {
        LOG.log(System.Logger.Level.DEBUG, "Bridged WebSocket failed", thr);
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing only releases the descriptor; nothing depends on it succeeding.
                LOG.log(System.Logger.Level.DEBUG, "Closing a bridge socket failed", e);
            }
            bridges.remove(this);
            onEnd.run();
        }
    }
}
