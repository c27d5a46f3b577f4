package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.Health;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A permitting upgrade check picks the subprotocol among the offered ones, adds headers to the 101 response, gives the
 * connection an identity and attributes; a pick that was not offered or is not deployed, or a reserved header, is the
 * check's bug and refused with 500; a refusal carries any status, headers and body.
 */
class UpgradeCheckShapesTheConnectionItPermitsTest {

    /** Tells the client, on open, what its connection was given: subprotocol, principal, attribute. */
    abstract static class Probe implements SubprotocolHandler {
        @Override
        public void onOpen(Connection connection) {
            connection.sendText(connection.subprotocol().orElse("-")
                    + " " + connection.principal().map(p -> p.getName()).orElse("-")
                    + " "
                    + connection
                            .identity()
                            .map(i -> String.join(",", i.roles()))
                            .orElse("-")
                    + " " + connection.attributes().getOrDefault("tenant", "-"));
        }
    }

    /** The first deployed subprotocol. */
    @ApplicationScoped
    @Subprotocol("alpha.shape.test")
    public static class Alpha extends Probe {}

    /** The second deployed subprotocol. */
    @ApplicationScoped
    @Subprotocol("beta.shape.test")
    public static class Beta extends Probe {}

    /** Decides by path, the way an application routes tenants. */
    @ApplicationScoped
    public static class ShapingCheck implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            return switch (request.requestUri().getPath()) {
                case "/shaped" ->
                    CheckResult.permit()
                            .withSubprotocol("beta.shape.test")
                            .withHeader("X-Tenant", "acme")
                            .withIdentity(new Identity("carol", Set.of("ops"), "check", Optional.empty()))
                            .withAttribute("tenant", "acme");
                case "/unoffered" -> CheckResult.permit().withSubprotocol("beta.shape.test");
                case "/undeployed" -> CheckResult.permit().withSubprotocol("ghost.shape.test");
                case "/reserved" -> CheckResult.permit().withHeader("Sec-WebSocket-Accept", "forged");
                case "/too-many" -> {
                    CheckResult.Permit permit = CheckResult.permit();
                    for (int i = 0; i <= CheckResult.MAX_RESPONSE_HEADERS; i++) {
                        permit = permit.withHeader("X-H" + i, "v");
                    }
                    yield permit;
                }
                case "/busy" ->
                    CheckResult.reject(
                            429, Map.of("Retry-After", List.of("7"), "X-Reason", List.of("tenant quota")), "slow down");
                default -> CheckResult.notApplicable();
            };
        }
    }

    private static SwitchboardServer server;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of("staff"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .beanClasses(Alpha.class, Beta.class, ShapingCheck.class)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void noConnectionLeft() throws Exception {
        Health.awaitConnections(server, 0);
    }

    @Test
    void thePickedSubprotocolHeadersIdentityAndAttributesReachTheClientAndTheHandler() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(
                server.port(), "/shaped", Map.of("Sec-WebSocket-Protocol", "alpha.shape.test, beta.shape.test"))) {
            assertThat(socket.status).isEqualTo(101);
            assertThat(socket.headers).containsEntry("sec-websocket-protocol", "beta.shape.test");
            assertThat(socket.headers).containsEntry("x-tenant", "acme");
            assertThat(socket.nextText()).isEqualTo("beta.shape.test carol ops acme");
        }
    }

    @Test
    void anAuthenticatedIdentityTakesPrecedenceOverTheChecksIdentity() throws Exception {
        Map<String, String> headers = new HashMap<>(BasicAuth.basic("alice", "alice-pw"));
        headers.put("Sec-WebSocket-Protocol", "alpha.shape.test, beta.shape.test");
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), "/shaped", headers)) {
            assertThat(socket.status).isEqualTo(101);
            // The pick, the header and the attribute still apply; only the identity stays the authenticated one.
            assertThat(socket.headers).containsEntry("x-tenant", "acme");
            assertThat(socket.nextText()).isEqualTo("beta.shape.test alice staff acme");
        }
    }

    @Test
    void withoutACheckTheClientsFirstSupportedTokenWinsAndNothingIsAdded() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(
                server.port(), "/plain", Map.of("Sec-WebSocket-Protocol", "alpha.shape.test, beta.shape.test"))) {
            assertThat(socket.status).isEqualTo(101);
            assertThat(socket.headers).containsEntry("sec-websocket-protocol", "alpha.shape.test");
            assertThat(socket.headers).doesNotContainKey("x-tenant");
            assertThat(socket.nextText()).isEqualTo("alpha.shape.test - - -");
        }
    }

    @Test
    void aPickTheClientDidNotOfferIsRefusedWith500() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(
                server.port(), "/unoffered", Map.of("Sec-WebSocket-Protocol", "alpha.shape.test"))) {
            assertThat(socket.status).isEqualTo(500);
        }
    }

    @Test
    void aPickNoDeployedHandlerServesIsRefusedWith500() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(
                server.port(), "/undeployed", Map.of("Sec-WebSocket-Protocol", "ghost.shape.test, alpha.shape.test"))) {
            assertThat(socket.status).isEqualTo(500);
        }
    }

    @Test
    void aReservedOrOverBudgetResponseHeaderIsRefusedWith500() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), "/reserved", Map.of())) {
            assertThat(socket.status).isEqualTo(500);
        }
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), "/too-many", Map.of())) {
            assertThat(socket.status).isEqualTo(500);
        }
    }

    @Test
    void aRefusalCarriesItsStatusHeadersAndBody() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), "/busy", Map.of())) {
            assertThat(socket.status).isEqualTo(429);
            assertThat(socket.headers).containsEntry("retry-after", "7").containsEntry("x-reason", "tenant quota");
            assertThat(socket.body).contains("slow down");
        }
    }
}
