package dev.switchboard.embedded.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.Health;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each test uses its own loopback address, so the per-address limits of one do not touch another. */
class RateFloodAndPayloadLimitsOverWebSocketTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(HoldingCheck.class)
                .environmentEntry(ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_CONNECTION_RATE_MAX, "10")
                .environmentEntry(ConfigKeys.FIREWALL_CONNECTION_RATE_WINDOW, "3600")
                .environmentEntry(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_CONCURRENT_MAX, "2")
                .environmentEntry(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_FLOOD_MAX, "5")
                .environmentEntry(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, "100")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void theConnectionRateRefusesWith429AndRetryAfterPerAddress() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(LoopbackClient.upgrade("127.0.0.10", server.port()).closing().status)
                    .isEqualTo(101);
        }
        LoopbackClient refused = LoopbackClient.upgrade("127.0.0.10", server.port());
        assertThat(refused.status).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers.get("retry-after"))).isBetween(1L, 3600L);
        assertThat(LoopbackClient.get("127.0.0.10", server.port(), "/health", java.util.Map.of()))
                .as("plain requests are not connections")
                .isEqualTo(200);
        try (LoopbackClient other = LoopbackClient.upgrade("127.0.0.11", server.port())) {
            assertThat(other.status).isEqualTo(101);
        }
    }

    @Test
    void theConcurrentCapRefusesAThirdConnectionUntilOneCloses() throws Exception {
        try (LoopbackClient one = LoopbackClient.upgrade("127.0.0.12", server.port());
                LoopbackClient two = LoopbackClient.upgrade("127.0.0.12", server.port())) {
            assertThat(one.status).isEqualTo(101);
            assertThat(two.status).isEqualTo(101);
            // The cap counts connections the hub reports open, which happens just after the 101 is written.
            Await.until("two open connections", () -> openConnections() == 2);
            LoopbackClient third = LoopbackClient.upgrade("127.0.0.12", server.port());
            assertThat(third.status).isEqualTo(429);
            assertThat(third.headers).containsEntry("retry-after", "5");
        }
        // The sockets are closed; once the server has seen both go, the address may connect again.
        Await.until("no open connection", () -> openConnections() == 0);
        try (LoopbackClient again = LoopbackClient.upgrade("127.0.0.12", server.port())) {
            assertThat(again.status).isEqualTo(101);
        }
    }

    @Test
    void handshakesStillInTheChainCountTowardsTheConcurrentCap() throws Exception {
        HoldingCheck.reset();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<LoopbackClient> first = clients.submit(() ->
                    LoopbackClient.request("127.0.0.14", server.port(), "GET", "/?hold", true, java.util.Map.of()));
            Future<LoopbackClient> second = clients.submit(() ->
                    LoopbackClient.request("127.0.0.14", server.port(), "GET", "/?hold", true, java.util.Map.of()));
            Await.until("two handshakes held in the check", () -> HoldingCheck.HELD.get() == 2);
            LoopbackClient third = LoopbackClient.upgrade("127.0.0.14", server.port());
            assertThat(third.status)
                    .as("two handshakes are admitted and not yet open")
                    .isEqualTo(429);
            HoldingCheck.releaseAll();
            try (LoopbackClient one = first.get(10, TimeUnit.SECONDS);
                    LoopbackClient two = second.get(10, TimeUnit.SECONDS)) {
                assertThat(one.status).isEqualTo(101);
                assertThat(two.status).isEqualTo(101);
            }
        } finally {
            HoldingCheck.releaseAll();
            clients.shutdownNow();
        }
    }

    private static int openConnections() throws Exception {
        String health =
                LoopbackClient.request("127.0.0.1", server.port(), "GET", "/health", false, java.util.Map.of()).body;
        return Health.connections(health);
    }

    @Test
    void aFloodAcrossAnAddressesConnectionsClosesWith1008() throws Exception {
        try (LoopbackClient one = LoopbackClient.upgrade("127.0.0.13", server.port());
                LoopbackClient two = LoopbackClient.upgrade("127.0.0.13", server.port())) {
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? one : two).sendText("m" + i);
            }
            int first = one.awaitCloseCode();
            assertThat(first == CloseCodes.POLICY_VIOLATION || two.awaitCloseCode() == CloseCodes.POLICY_VIOLATION)
                    .isTrue();
        }
    }

    @Test
    void aFloodOfUnsolicitedPongsClosesWith1008() throws Exception {
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.15", server.port())) {
            for (int i = 0; i < 20; i++) {
                client.sendPong(new byte[] {(byte) i});
            }
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void anOversizeMessageClosesWith1009() throws Exception {
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.14", server.port())) {
            client.sendText("x".repeat(101));
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }
}
