package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SSE stream opened with a single-use ticket, with authentication required: the ticket is spent, so the
 * stream's messages are POSTed with the post key the stream carries instead, and nobody else's POST gets in.
 */
class TicketStreamsPostWithTheirKeyTest {

    private static final String KEY_HEADER = "X-Switchboard-Post-Key";
    /** The page's origin, another than the server's. */
    private static final String PORTAL = "http://portal.example:8080";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "alice-pw", "staff");
        Users.add(users, "bob", "bob-pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(IdentityProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, PORTAL)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> post(HttpClient client, String id, String text, Map<String, String> headers)
            throws Exception {
        return AuthClient.post(
                client, AuthClient.http(server, "/sse/send/" + id), "text/plain;charset=utf-8", text, headers);
    }

    @Test
    void theStreamsKeyPostsAsItsPrincipalAndNothingElseDoes() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String ticket = AuthClient.field(
                    AuthClient.login(client, server, "alice", "alice-pw").body(), "ticket");
            try (SseClient stream = SseClient.open(
                    client,
                    AuthClient.http(server, "/sse?subprotocol=" + IdentityProbeProtocol.NAME + "&ticket=" + ticket),
                    Map.of())) {
                // The key comes first, so a client knows it before it learns the id and starts posting.
                SseClient.Event first = stream.next();
                assertThat(first.type()).isEqualTo("post-key");
                String key = first.data();
                assertThat(key).hasSizeGreaterThanOrEqualTo(43);
                String id = stream.next("connection").data();

                assertThat(post(client, id, "who", Map.of(KEY_HEADER, key)).statusCode())
                        .isEqualTo(202);
                assertThat(stream.next("message").data()).startsWith("alice|staff|ticket|");

                assertThat(post(client, id, "who", Map.of()).statusCode())
                        .as("no credential at all")
                        .isEqualTo(401);
                assertThat(post(client, id, "who", Map.of(KEY_HEADER, key.substring(1) + "A"))
                                .statusCode())
                        .as("a wrong key")
                        .isEqualTo(403);
                Map<String, String> bobWithTheKey = new HashMap<>(BasicAuth.basic("bob", "bob-pw"));
                bobWithTheKey.put(KEY_HEADER, key);
                assertThat(post(client, id, "who", bobWithTheKey).statusCode())
                        .as("another user, even with the key")
                        .isEqualTo(403);
                assertThat(post(client, id, "who", BasicAuth.basic("alice", "alice-pw"))
                                .statusCode())
                        .as("the principal's own credentials still do")
                        .isEqualTo(202);
                // The connection keeps the identity it was opened with.
                assertThat(stream.next("message").data()).startsWith("alice|staff|ticket|");
            }
        }
    }

    private static HttpResponse<String> preflight(HttpClient client, String origin) throws Exception {
        return client.send(
                HttpRequest.newBuilder(AuthClient.http(server, "/sgc/xhr/some-connection"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type, x-switchboard-post-key")
                        .timeout(AuthClient.DEADLINE)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAllowedOriginMayPostWithTheKeyHeaderAndAnotherMayNot() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> allowed = preflight(client, PORTAL);
            assertThat(allowed.statusCode()).isEqualTo(204);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(PORTAL);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods"))
                    .contains("POST");
            assertThat(allowed.headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse(""))
                    .containsIgnoringCase(KEY_HEADER);

            HttpResponse<String> refused = preflight(client, "http://elsewhere.example");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }
}
