package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page on another site cannot make a visitor's browser open a relayed WebSocket or a WebSocket-to-TCP bridge to
 * an internal service: relays obey the same Origin policy as the hub's own handshakes, and a refused handshake never
 * opens a connection to the upstream.
 */
class CrossSiteWebSocketCannotReachARelayedServiceTest {

    private static final String LOCAL = "127.0.0.1";

    static SwitchboardServer server;
    static ServerSocket internal;
    static final AtomicInteger accepted = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        internal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!internal.isClosed()) {
                try {
                    Socket socket = internal.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException ignored) {
                            // The bridge closed the connection.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, "https://portal.example")
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/line/=tcp://127.0.0.1:" + internal.getLocalPort() + ";" + "/relay/=ws://127.0.0.1:"
                                + internal.getLocalPort() + "/")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        internal.close();
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheBridgeConnects() throws Exception {
        int before = accepted.get();
        Map<String, String> foreign = Map.of("Origin", "https://evil.example");
        assertThat(LoopbackClient.upgradeStatus(LOCAL, server.port(), "/line/", foreign))
                .isEqualTo(403);
        LoopbackClient relay = LoopbackClient.request(LOCAL, server.port(), "GET", "/relay/x", true, foreign);
        assertThat(relay.status).isEqualTo(403);
        assertThat(relay.body).contains("Origin not allowed");
        assertThat(accepted.get()).isEqualTo(before);
    }

    @Test
    void anAllowedOriginAndANonBrowserClientStillReachTheBridge() throws Exception {
        assertThat(LoopbackClient.upgradeStatus(
                        LOCAL, server.port(), "/line/", Map.of("Origin", "https://portal.example")))
                .isEqualTo(101);
        assertThat(LoopbackClient.upgradeStatus(LOCAL, server.port(), "/line/", Map.of()))
                .isEqualTo(101);
    }
}
