package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Transport;
import dev.switchboard.spi.SubprotocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The registry's count of open connections, which a drain waits on: a connection closed while its transport has not
 * yet removed it is registered but no longer open, and is left out.
 */
class OpenCountLeavesOutClosedConnectionsNotYetRemovedTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();

    /** A connection whose transport removes it only when told, as one with a busy handler does late. */
    private final class Registered extends BaseConnection {

        Registered() {
            super(
                    Transport.WEBSOCKET,
                    null,
                    new SubprotocolHandler() {},
                    new HandshakeInfo(
                            InetSocketAddress.createUnresolved("127.0.0.1", 50000),
                            InetSocketAddress.createUnresolved("127.0.0.1", 8080),
                            URI.create("/"),
                            Map.of(),
                            Optional.empty()),
                    16,
                    1 << 16);
            registry.add(this);
        }

        @Override
        protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
            done.run();
        }

        @Override
        protected void closeTransport(int code, String reason) {}

        @Override
        protected void ping() {}
    }

    @Test
    void closedConnectionsStillRegisteredAreNotCountedAsOpen() {
        Registered first = new Registered();
        Registered second = new Registered();
        assertThat(registry.openCount()).isEqualTo(2);

        first.close(1000, "bye");

        assertThat(first.isOpen()).isFalse();
        assertThat(registry.count()).as("still registered").isEqualTo(2);
        assertThat(registry.openCount()).isEqualTo(1);

        registry.remove(first);
        registry.remove(second);
        assertThat(registry.openCount()).isZero();
    }
}
