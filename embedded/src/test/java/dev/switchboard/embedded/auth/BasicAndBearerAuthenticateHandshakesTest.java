package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic and Bearer (JWT) credentials on WebSocket handshakes and SSE streams, with authentication required. */
class BasicAndBearerAuthenticateHandshakesTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "carol", "c@rol:pw", "ops");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(IdentityProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Tokens.SECRET)
                .environmentEntry(ConfigKeys.AUTH_JWT_ISSUER, "https://idp.example")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void basicCredentialsOpenAHandshakeAndWrongOnesGet401() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            try (TestClient.Recorder socket = AuthClient.connect(
                    client,
                    AuthClient.ws(server, "/"),
                    IdentityProbeProtocol.NAME,
                    BasicAuth.basic("carol", "c@rol:pw"))) {
                assertThat(socket.ask("who")).startsWith("carol|ops|basic|never ");
            }
            assertThat(AuthClient.refusedStatus(
                            client,
                            AuthClient.ws(server, "/"),
                            IdentityProbeProtocol.NAME,
                            BasicAuth.basic("carol", "wrong")))
                    .isEqualTo(401);
            assertThat(AuthClient.refusedStatus(
                            client,
                            AuthClient.ws(server, "/"),
                            IdentityProbeProtocol.NAME,
                            Map.of("Authorization", "Basic %%%")))
                    .isEqualTo(401);
        }
    }

    @Test
    void aValidJwtOpensAHandshakeWithItsRolesAndExpiry() throws Exception {
        Instant exp = Instant.now().plusSeconds(600);
        String token = Tokens.hs256(Tokens.SECRET, "dave", exp, "https://idp.example", List.of("user", "audit"));
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder socket = AuthClient.connect(
                        client, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, bearer(token))) {
            assertThat(socket.ask("who"))
                    .startsWith("dave|audit,user|bearer|" + Instant.ofEpochSecond(exp.getEpochSecond()) + " ");
        }
    }

    @Test
    void expiredWronglySignedAndForeignTokensGet401WithInvalidToken() throws Exception {
        String expired =
                Tokens.hs256(Tokens.SECRET, "dave", Instant.now().minusSeconds(120), "https://idp.example", List.of());
        String forged = Tokens.hs256(
                "another-secret-of-at-least-32-bytes-xxxxxxxx",
                "dave",
                Instant.now().plusSeconds(600),
                "https://idp.example",
                List.of());
        String foreign =
                Tokens.hs256(Tokens.SECRET, "dave", Instant.now().plusSeconds(600), "https://evil.example", List.of());
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String token : List.of(expired, forged, foreign, "not.a.jwt")) {
                HttpResponse<?> refused = AuthClient.refusal(
                        client, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, bearer(token));
                assertThat(refused.statusCode()).as(token).isEqualTo(401);
                assertThat(AuthClient.challenges(refused))
                        .anySatisfy(challenge -> assertThat(challenge)
                                .startsWith("Bearer realm=\"switchboard\"")
                                .contains("error=\"invalid_token\""));
            }
        }
    }

    @Test
    void sseStreamsAcceptATicketAndRefuseNone() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> login = AuthClient.post(
                    client,
                    AuthClient.http(server, "/auth/login"),
                    "application/x-www-form-urlencoded",
                    "user=carol&password=c%40rol%3Apw",
                    Map.of());
            assertThat(login.statusCode()).isEqualTo(200);
            String ticket = AuthClient.field(login.body(), "ticket");
            HttpResponse<InputStream> stream = client.send(
                    HttpRequest.newBuilder(AuthClient.http(server, "/sse?ticket=" + ticket))
                            .header("Accept", "text/event-stream")
                            .timeout(AuthClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = stream.body()) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8))
                        .isEqualTo("retry");
            }
            assertThat(AuthClient.get(client, AuthClient.http(server, "/sse"), Map.of("Accept", "text/event-stream"))
                            .statusCode())
                    .isEqualTo(401);
        }
    }
}
