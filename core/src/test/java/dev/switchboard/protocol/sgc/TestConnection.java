package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Transport;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.spi.SubprotocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** An in-memory sgc connection: every frame written to it is recorded, in order; writes complete at once. */
final class TestConnection extends BaseConnection {

    private final List<String> written = new ArrayList<>();

    TestConnection(SubprotocolHandler handler, Principal principal) {
        super(
                Transport.WEBSOCKET,
                SgcProtocol.NAME,
                handler,
                new HandshakeInfo(
                        InetSocketAddress.createUnresolved("127.0.0.1", 50000),
                        InetSocketAddress.createUnresolved("127.0.0.1", 8080),
                        URI.create("/"),
                        Map.of(),
                        Optional.ofNullable(principal)),
                10_000,
                1 << 24);
    }

    /** Everything written since the last call, oldest first. */
    synchronized List<String> take() {
        List<String> copy = List.copyOf(written);
        written.clear();
        return copy;
    }

    @Override
    protected synchronized void write(Object frame, Runnable done, Consumer<Throwable> failed) {
        written.add(String.valueOf(frame));
        done.run();
    }

    @Override
    protected void closeTransport(int code, String reason) {
        // Nothing to close: the test drives onClose itself.
    }

    @Override
    protected void ping() {
        // Heartbeats are not part of these tests.
    }
}
