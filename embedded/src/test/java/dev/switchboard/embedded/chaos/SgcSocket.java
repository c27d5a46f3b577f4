package dev.switchboard.embedded.chaos;

import dev.switchboard.embedded.testing.Await;
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
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An sgc ({@code esegece.com}) client over a plain socket, so that a test can do what a WebSocket library hides:
 * reset the TCP connection (SO_LINGER 0, then close: the peer gets RST, never a close frame), or never read at all.
 * A reading socket answers pings and hands every text message to a consumer on its own reader thread.
 */
final class SgcSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Completes when the reader ends: the server closed, or the socket was reset or closed. */
    final CompletableFuture<Integer> ended = new CompletableFuture<>();

    private SgcSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens a connection offering {@code esegece.com}; fails unless the server answers 101. */
    static SgcSocket open(int port) throws IOException {
        return open(port, 0);
    }

    /**
     * Opens a connection with a small receive buffer (0: the system's), so that a client that stops reading fills it
     * soon; fails unless the server answers 101.
     */
    static SgcSocket open(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            // Before connecting, so the TCP window is negotiated with it.
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Await.DEADLINE.toMillis());
        socket.setSoTimeout((int) Await.DEADLINE.toMillis());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Protocol: esegece.com\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream raw = socket.getInputStream();
        String status = readLine(raw);
        while (!readLine(raw).isEmpty()) {
            // headers: the subprotocol is the server's to echo, the tests read what it sends
        }
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("handshake answered " + status);
        }
        return new SgcSocket(socket);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed during the handshake");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Starts reading on a thread of its own: texts go to {@code onText}, pings are answered; the reader ends with the
     * connection and completes {@link #ended} with the close code (or -1 for a reset or closed socket).
     */
    SgcSocket read(Consumer<String> onText) {
        Thread.ofVirtual().name("sgc-socket-reader").start(() -> {
            try {
                socket.setSoTimeout(0);
                ByteArrayOutputStream partial = new ByteArrayOutputStream();
                while (true) {
                    WebSocketFrame frame = WebSocketFrame.read(in);
                    switch (frame.opcode()) {
                        case WebSocketFrame.PING -> send(WebSocketFrame.PONG, frame.payload());
                        case WebSocketFrame.CLOSE -> {
                            ended.complete(frame.closeCode());
                            return;
                        }
                        case WebSocketFrame.TEXT, 0 -> {
                            partial.writeBytes(frame.payload());
                            // The frames the server sends here are final; a continuation would arrive with opcode 0.
                            onText.accept(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        }
                        default -> {}
                    }
                }
            } catch (IOException | RuntimeException e) {
                ended.complete(-1);
            }
        });
        return this;
    }

    /**
     * Reads frames on the caller's thread, for a socket without a reader, until a text containing {@code needle}
     * arrives; pings are left unanswered.
     */
    String awaitText(String needle) throws IOException {
        while (true) {
            WebSocketFrame frame = WebSocketFrame.read(in);
            if (frame.opcode() == WebSocketFrame.CLOSE) {
                throw new IOException("closed with " + frame.closeCode() + " before " + needle);
            }
            if (frame.opcode() == WebSocketFrame.TEXT && frame.text().contains(needle)) {
                return frame.text();
            }
        }
    }

    /**
     * Reads frames on the caller's thread, for a socket without a reader, until the close frame, and answers it with
     * the same code (so the server's close handshake completes); returns the code.
     */
    int awaitCloseCode() throws IOException {
        int code = WebSocketFrame.awaitCloseCode(in);
        send(WebSocketFrame.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
        return code;
    }

    /** Reads into a queue: for a test that awaits texts one by one. */
    BlockingQueue<String> readIntoQueue() {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        read(texts::add);
        return texts;
    }

    /** The next text of a queue containing {@code needle}, within the tests' deadline. */
    static String next(BlockingQueue<String> texts, String needle) throws InterruptedException {
        long end = System.nanoTime() + Await.DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            String text = texts.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (text != null && text.contains(needle)) {
                return text;
            }
        }
        throw new AssertionError("No message containing " + needle + " within " + Await.DEADLINE);
    }

    /** Sends a text frame. */
    void send(String text) throws IOException {
        send(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        byte[] frame = WebSocketFrame.encode(opcode, payload, mask);
        writeLock.lock();
        try {
            out.write(frame);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Resets the TCP connection: no close frame, no FIN; the server sees the connection fail. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        reset();
    }
}
