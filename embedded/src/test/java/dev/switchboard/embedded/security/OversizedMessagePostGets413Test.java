package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.sse.SseClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POST body over its budget is refused with 413 and a body saying the limit, whether its length is declared or
 * it streams in chunks without one: SSE message POSTs ({@code switchboard.sse.post.max-size}) and logins
 * ({@code switchboard.auth.login.max-body-size}).
 */
class OversizedMessagePostGets413Test {

    private static final int MAX_MESSAGE = 1000;
    private static final int MAX_LOGIN = 200;

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "alice-pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.SSE_POST_MAX_SIZE, String.valueOf(MAX_MESSAGE))
                .environmentEntry(ConfigKeys.AUTH_LOGIN_MAX_BODY_SIZE, String.valueOf(MAX_LOGIN))
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** A POST whose body the client streams without a {@code Content-Length} (chunked). */
    private static HttpResponse<String> chunked(HttpClient client, String path, String contentType, String body)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return client.send(
                HttpRequest.newBuilder(AuthClient.http(server, path))
                        .timeout(Attack.DEADLINE)
                        .version(HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMessageOverTheBudgetGets413DeclaredOrChunked() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                SseClient stream = SseClient.open(client, AuthClient.http(server, "/sse?channel=big"), Map.of())) {
            String id = stream.next("connection").data();
            HttpResponse<String> declared = AuthClient.post(
                    client,
                    AuthClient.http(server, "/sse/send/" + id),
                    "text/plain",
                    "x".repeat(MAX_MESSAGE + 1),
                    Map.of());
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(declared.body()).contains("exceeds " + MAX_MESSAGE + " bytes");

            HttpResponse<String> streamed =
                    chunked(client, "/sse/send/" + id, "text/plain", "x".repeat(MAX_MESSAGE * 3));
            assertThat(streamed.statusCode()).isEqualTo(413);
            assertThat(streamed.body()).contains("exceeds " + MAX_MESSAGE + " bytes");

            assertThat(chunked(client, "/sse/send/" + id, "text/plain", "x".repeat(MAX_MESSAGE))
                            .statusCode())
                    .as("exactly the budget")
                    .isEqualTo(202);
        }
    }

    @Test
    void aLoginOverTheBudgetGets413DeclaredOrChunked() throws Exception {
        String padded = "{\"user\":\"alice\",\"password\":\"alice-pw\",\"pad\":\"" + "p".repeat(MAX_LOGIN) + "\"}";
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> declared = AuthClient.post(
                    client, AuthClient.http(server, "/auth/login"), "application/json", padded, Map.of());
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(declared.body()).contains("exceeds " + MAX_LOGIN + " bytes");
            assertThat(chunked(client, "/auth/login", "application/json", padded)
                            .statusCode())
                    .isEqualTo(413);
            assertThat(chunked(
                                    client,
                                    "/auth/login",
                                    "application/x-www-form-urlencoded",
                                    "user=alice&password=alice-pw")
                            .statusCode())
                    .as("within the budget")
                    .isEqualTo(200);
        }
    }
}
