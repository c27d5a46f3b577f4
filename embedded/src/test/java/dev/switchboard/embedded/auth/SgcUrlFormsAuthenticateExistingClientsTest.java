package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sgc URL credential forms, switched on for existing sgc clients. */
class SgcUrlFormsAuthenticateExistingClientsTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "admin", "1234", "admin");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(IdentityProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_SGC_URLS, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aSessionTokenFromTheTokenRequestOpensOneConnection() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> issued =
                    AuthClient.get(client, AuthClient.http(server, "/sgc/req/auth/session/admin/1234"), Map.of());
            assertThat(issued.statusCode()).isEqualTo(200);
            String token = issued.body().strip();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            try (TestClient.Recorder socket = AuthClient.connect(
                    client,
                    AuthClient.ws(server, "/sgc/auth/session/" + token),
                    IdentityProbeProtocol.NAME,
                    Map.of())) {
                assertThat(socket.ask("who"))
                        .startsWith("admin|admin|session-token|")
                        .endsWith(" /");
            }
            assertThat(AuthClient.refusedStatus(
                            client,
                            AuthClient.ws(server, "/sgc/auth/session/" + token),
                            IdentityProbeProtocol.NAME,
                            Map.of()))
                    .isEqualTo(401);
            assertThat(AuthClient.get(client, AuthClient.http(server, "/sgc/req/auth/session/admin/wrong"), Map.of())
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void urlCredentialsOpenAWebSocketAndAStreamWithoutTheCredentialsInTheUri() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            try (TestClient.Recorder socket = AuthClient.connect(
                    client,
                    AuthClient.ws(server, "/sgc/auth/url/admin/1234/chat"),
                    IdentityProbeProtocol.NAME,
                    Map.of())) {
                assertThat(socket.ask("who"))
                        .startsWith("admin|admin|url|never ")
                        .endsWith(" /chat");
            }
            assertThat(AuthClient.refusedStatus(
                            client,
                            AuthClient.ws(server, "/sgc/auth/url/admin/12345"),
                            IdentityProbeProtocol.NAME,
                            Map.of()))
                    .isEqualTo(401);
            HttpResponse<InputStream> stream = client.send(
                    HttpRequest.newBuilder(AuthClient.http(server, "/sgc/auth/url/admin/1234"))
                            .header("Accept", "text/event-stream")
                            .timeout(AuthClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = stream.body()) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(body.readNBytes(5)).asString().isEqualTo("retry");
            }
        }
    }
}
