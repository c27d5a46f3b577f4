package dev.switchboard.embedded.firewall;

import static dev.switchboard.embedded.firewall.LoopbackClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deny 127.0.0.0/8 except 127.0.0.1 (the test's own health checks) and 127.0.0.3; 127.0.0.4 is a trusted proxy. */
class AllowDenyListsAndForwardingOverHttpTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.FIREWALL_DENY, "127.0.0.0/8, 2001:db8::/32")
                .environmentEntry(ConfigKeys.FIREWALL_ALLOW, "127.0.0.1, 127.0.0.3")
                .environmentEntry(ConfigKeys.FIREWALL_TRUSTED_PROXIES, "127.0.0.4")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aDeniedAddressGets403WithAShortBodyAndAnAllowedOneIsServed() throws Exception {
        LoopbackClient denied = LoopbackClient.request("127.0.0.2", server.port(), "GET", "/health", false, Map.of());
        assertThat(denied.status).isEqualTo(403);
        assertThat(denied.body).isEqualTo("Forbidden\n");
        assertThat(get("127.0.0.3", server.port(), "/health", Map.of())).isEqualTo(200);
    }

    @Test
    void aDeniedAddressCannotUpgradeToWebSocket() throws Exception {
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.2", server.port())) {
            assertThat(client.status).isEqualTo(403);
        }
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.3", server.port())) {
            assertThat(client.status).isEqualTo(101);
        }
    }

    @Test
    void aSpoofedForwardingHeaderFromAnUntrustedPeerChangesNothing() throws Exception {
        assertThat(get("127.0.0.2", server.port(), "/health", Map.of("X-Forwarded-For", "127.0.0.3")))
                .isEqualTo(403);
        assertThat(get("127.0.0.2", server.port(), "/health", Map.of("Forwarded", "for=127.0.0.3")))
                .isEqualTo(403);
    }

    @Test
    void aTrustedProxysForwardingHeaderNamesTheClient() throws Exception {
        assertThat(get("127.0.0.4", server.port(), "/health", Map.of("X-Forwarded-For", "198.51.100.7")))
                .isEqualTo(200);
        assertThat(get("127.0.0.4", server.port(), "/health", Map.of("X-Forwarded-For", "127.0.0.9")))
                .isEqualTo(403);
        assertThat(get("127.0.0.4", server.port(), "/health", Map.of("Forwarded", "for=\"[2001:db8::5]:1234\"")))
                .isEqualTo(403);
        assertThat(get("127.0.0.4", server.port(), "/health", Map.of()))
                .as("the proxy itself is denied")
                .isEqualTo(403);
    }
}
