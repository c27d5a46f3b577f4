package dev.switchboard.hub;

import dev.switchboard.api.Transport;
import dev.switchboard.spi.SubprotocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory transport: records every written frame, pings and the close. Writes complete at once unless
 * {@link #stall()} was called, which models a client that stopped reading.
 */
class RecordingConnection extends BaseConnection {

    final List<Object> written = new CopyOnWriteArrayList<>();
    final List<Runnable> stalledWrites = new ArrayList<>();
    volatile int pings;
    volatile Integer closeCode;
    private volatile boolean stalled;

    RecordingConnection(String subprotocol, SubprotocolHandler handler, int maxMessages, long maxBytes) {
        super(
                Transport.WEBSOCKET,
                subprotocol,
                handler,
                new HandshakeInfo(
                        InetSocketAddress.createUnresolved("127.0.0.1", 50000),
                        InetSocketAddress.createUnresolved("127.0.0.1", 8080),
                        URI.create("/"),
                        Map.of(),
                        Optional.empty()),
                maxMessages,
                maxBytes);
    }

    RecordingConnection(SubprotocolHandler handler) {
        this(null, handler, 1024, 1 << 20);
    }

    void stall() {
        stalled = true;
    }

    /** The client reads again: the stalled writes complete, and the next ones complete at once. */
    void unstall() {
        stalled = false;
        List<Runnable> waiting = new ArrayList<>(stalledWrites);
        stalledWrites.clear();
        waiting.forEach(Runnable::run);
    }

    List<String> texts() {
        return written.stream().map(String::valueOf).toList();
    }

    @Override
    protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        written.add(frame);
        if (stalled) {
            stalledWrites.add(done);
        } else {
            done.run();
        }
    }

    @Override
    protected void closeTransport(int code, String reason) {
        closeCode = code;
    }

    @Override
    protected void ping() {
        pings++;
    }
}
