package dev.switchboard.tcp;

import java.nio.ByteBuffer;

/**
 * Switchboard's half of an accepted TCP socket, returned by {@link TcpTransport#accept}; the host server calls it.
 *
 * <p>The host calls {@link #received} from one thread at a time, in the order bytes arrive, and reads no more while
 * a call runs (that is the back pressure on a fast sender). {@link #ended} may come from any thread, also from
 * inside a {@link TcpSocket#close()} that Switchboard called; it never waits for a {@code received} call in progress.
 * None of these methods throws.
 */
public interface TcpSocketListener {

    /**
     * Bytes arrived: any slice of the stream (part of a packet, several packets).
     *
     * @param bytes the bytes, owned by the listener from now on
     */
    void received(ByteBuffer bytes);

    /** The socket is closed (the peer closed it, it broke, or Switchboard closed it); called once. */
    void ended();
}
