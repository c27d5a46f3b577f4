package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Health;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Handshakes refused before the upgrade get the documented status, headers and body. */
class HandshakeRefusalsTest {

    /** Refuses handshakes to /private without a token, the way an application answers 401 with a challenge. */
    @ApplicationScoped
    @Priority(10)
    public static class TokenCheck implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            if (!request.requestUri().getPath().startsWith("/private")) {
                return CheckResult.notApplicable();
            }
            String query = request.requestUri().getQuery();
            return query != null && query.contains("token=good")
                    ? CheckResult.permit()
                    : CheckResult.reject(
                            401, Map.of("WWW-Authenticate", List.of("Bearer realm=\"switchboard\"")), "token required");
        }
    }

    /** Runs after TokenCheck: a permit from TokenCheck must stop it from being asked. */
    @ApplicationScoped
    @Priority(20)
    public static class DenyPrivateAfterPermit implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            return request.requestUri().getPath().startsWith("/private")
                    ? CheckResult.reject(500, "should never be asked")
                    : CheckResult.notApplicable();
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(
            builder -> builder.beanClasses(HubCommandProtocol.class, TokenCheck.class, DenyPrivateAfterPermit.class)
                    .environmentEntry(ConfigKeys.MAX_CONNECTIONS, "2")
                    .environmentEntry(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, "http://portal.test:*"));

    @BeforeEach
    void noConnectionLeftFromThePreviousTest() throws Exception {
        // The limit counts open connections, and a socket closed by the previous test is noticed a moment later.
        Health.awaitConnections(node.server(), 0);
    }

    @Test
    void anUpgradeCheckBeanCanRefuseWith401AndAChallengeHeader() throws Exception {
        try (RawWebSocket refused = RawWebSocket.connect(node.port(), "/private", Map.of())) {
            assertThat(refused.status).isEqualTo(401);
            assertThat(refused.headers).containsEntry("www-authenticate", "Bearer realm=\"switchboard\"");
            assertThat(refused.body).contains("token required");
        }
        try (RawWebSocket accepted = RawWebSocket.connect(node.port(), "/private?token=good", Map.of())) {
            assertThat(accepted.status).isEqualTo(101);
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403AndAnAllowedPortWildcardIsAccepted() throws Exception {
        try (RawWebSocket foreign = RawWebSocket.connect(node.port(), "/", Map.of("Origin", "http://evil.test"))) {
            assertThat(foreign.status).isEqualTo(403);
            assertThat(foreign.body).contains("Origin not allowed");
        }
        try (RawWebSocket allowed =
                RawWebSocket.connect(node.port(), "/", Map.of("Origin", "http://portal.test:4200"))) {
            assertThat(allowed.status).isEqualTo(101);
        }
    }

    @Test
    void handshakesOverTheConnectionLimitAreRefusedWith503BeforeUpgrading() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect(node.port(), "/", subprotocol());
                RawWebSocket second = RawWebSocket.connect(node.port(), "/", subprotocol())) {
            assertThat(first.status).isEqualTo(101);
            assertThat(second.status).isEqualTo(101);
            // Both are registered once they answer a command.
            first.sendText("id");
            second.sendText("id");
            assertThat(first.nextText()).startsWith("ok ");
            assertThat(second.nextText()).startsWith("ok ");

            try (RawWebSocket third = RawWebSocket.connect(node.port(), "/", subprotocol())) {
                assertThat(third.status).isEqualTo(503);
                assertThat(third.body).contains("Connection limit");
            }
        }
    }

    @Test
    void theNegotiatedSubprotocolIsEchoedAndTheClientsOrderWins() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(
                node.port(),
                "/",
                Map.of("Sec-WebSocket-Protocol", "unknown.example, " + HubCommandProtocol.NAME + ", mqtt"))) {
            assertThat(socket.status).isEqualTo(101);
            assertThat(socket.headers).containsEntry("sec-websocket-protocol", HubCommandProtocol.NAME);
        }
        try (RawWebSocket socket = RawWebSocket.connect(
                node.port(), "/", Map.of("Sec-WebSocket-Protocol", "mqtt, " + HubCommandProtocol.NAME))) {
            assertThat(socket.status).isEqualTo(101);
            assertThat(socket.headers).containsEntry("sec-websocket-protocol", "mqtt");
        }
    }

    private static Map<String, String> subprotocol() {
        return Map.of("Sec-WebSocket-Protocol", HubCommandProtocol.NAME);
    }
}
