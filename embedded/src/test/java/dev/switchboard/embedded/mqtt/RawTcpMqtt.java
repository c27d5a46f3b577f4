package dev.switchboard.embedded.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A plain TCP socket that speaks MQTT packets written byte by byte (see {@link RawMqtt} for the builders), for what
 * a client library never does: malformed packets, no CONNECT at all, a connection the server must refuse.
 */
final class RawTcpMqtt implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;

    private RawTcpMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawTcpMqtt connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects with a small receive buffer (when not 0), so that a client that stops reading is soon full. */
    static RawTcpMqtt connect(int port, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEADLINE.toMillis());
        return new RawTcpMqtt(socket);
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * The next packet the server sends, whole.
     *
     * @return the packet, fixed header included
     * @throws AssertionError when the connection ends or nothing arrives before the deadline
     */
    byte[] next() throws IOException {
        return next(DEADLINE);
    }

    byte[] next(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(read());
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = read();
            packet.write(b);
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        for (int i = 0; i < length; i++) {
            packet.write(read());
        }
        return packet.toByteArray();
    }

    private int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no byte from the server before the deadline", e);
        }
        if (b < 0) {
            throw new AssertionError("the server closed the connection");
        }
        return b;
    }

    /**
     * Waits for the server to end the connection, and reports what it sent before.
     *
     * @param within the deadline
     * @return the bytes that arrived before the end
     * @throws AssertionError when the connection is still open at the deadline
     */
    byte[] awaitEnd(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                before.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + within, e);
        } catch (SocketException reset) {
            // A reset ends the connection as well as a FIN does.
        }
        return before.toByteArray();
    }

    byte[] awaitEnd() throws IOException {
        return awaitEnd(DEADLINE);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
