package dev.switchboard.tcp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One accepted TCP socket as the host server offers it to {@link TcpTransport}. Switchboard calls it; the host
 * implements it (the embedded server over a Jetty endpoint).
 */
public interface TcpSocket {

    /**
     * The peer as the socket reports it.
     *
     * @return the peer, its host an IP literal
     */
    InetSocketAddress remoteAddress();

    /**
     * The local address the connection arrived on.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * Writes bytes without blocking. Switchboard has at most one write outstanding per socket and starts the next
     * only after a callback, so bytes go out in order. Exactly one callback is called, once, on any thread, possibly
     * before this method returns.
     *
     * @param bytes  the bytes; the socket may consume the buffer's position
     * @param done   called when every byte is written
     * @param failed called when the write failed (the socket is broken or closed)
     */
    void write(ByteBuffer bytes, Runnable done, Consumer<Throwable> failed);

    /**
     * Closes the socket once the write in progress, if any, has finished (bounded by the host's own deadline), so a
     * last packet such as a refusal reaches the peer. Must not block; may be called more than once. The host then
     * reports the end through {@link TcpSocketListener#ended()}.
     */
    void close();
}
