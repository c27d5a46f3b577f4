package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SSE request applies a permit as a handshake does: its headers on the 200 response, its identity and attributes
 * on the connection; a subprotocol pick other than the stream's own token is refused with 500.
 */
class SseStreamTakesTheHeadersIdentityAndAttributesAnUpgradeCheckGrantsTest {

    /** Tells the stream, on open, its principal and attribute. */
    @ApplicationScoped
    @Subprotocol(Probe.NAME)
    public static class Probe implements SubprotocolHandler {
        static final String NAME = "grant.sse.test";

        @Override
        public void onOpen(Connection connection) {
            connection.sendText(
                    "opened " + connection.principal().map(p -> p.getName()).orElse("-") + " "
                            + connection.attributes().getOrDefault("tenant", "-"));
        }
    }

    /** Grants by query. */
    @ApplicationScoped
    public static class GrantingCheck implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            String query = Optional.ofNullable(request.requestUri().getQuery()).orElse("");
            if (query.contains("pick=bad")) {
                return CheckResult.permit().withSubprotocol("other.sse.test");
            }
            if (query.contains("tenant=acme")) {
                return CheckResult.permit()
                        .withHeader("X-Tenant", "acme")
                        .withIdentity(new Identity("dave", Set.of(), "check", Optional.empty()))
                        .withAttribute("tenant", "acme");
            }
            return CheckResult.notApplicable();
        }
    }

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(Probe.class, GrantingCheck.class)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static URI uri(String query) {
        return URI.create("http://127.0.0.1:" + server.port() + "/sse?subprotocol=" + Probe.NAME + "&" + query);
    }

    @Test
    void aGrantedStreamCarriesTheHeaderAndItsConnectionTheIdentityAndAttribute() throws Exception {
        try (SseClient stream = SseClient.open(http, uri("tenant=acme"), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("X-Tenant")).contains("acme");
            assertThat(opened(stream)).isEqualTo("opened dave acme");
        }
        try (SseClient stream = SseClient.open(http, uri("plain=1"), Map.of())) {
            assertThat(stream.response.headers().firstValue("X-Tenant")).isEmpty();
            assertThat(opened(stream)).isEqualTo("opened - -");
        }
    }

    /** The probe's event, after the events the transport sends first (the connection's id). */
    private static String opened(SseClient stream) throws InterruptedException {
        for (SseClient.Event event = stream.next(); event != null; event = stream.next()) {
            if (event.data().startsWith("opened ")) {
                return event.data();
            }
        }
        throw new AssertionError("no opened event within the deadline");
    }

    @Test
    void aPickOtherThanTheStreamsTokenIsRefusedWith500() throws Exception {
        try (SseClient stream = SseClient.open(http, uri("pick=bad"), Map.of())) {
            assertThat(stream.response.statusCode()).isEqualTo(500);
        }
    }
}
