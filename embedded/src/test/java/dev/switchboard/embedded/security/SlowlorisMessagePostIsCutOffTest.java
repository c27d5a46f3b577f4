package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.sse.SseClient;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a POST body one byte at a time (each byte resets any idle timeout) is answered 408 once the
 * body's time budget is spent, with the body still incomplete: an SSE message POST and a login alike.
 */
class SlowlorisMessagePostIsCutOffTest {

    /** Bytes of the trickled bodies: at one per {@link #INTERVAL}, far longer to send than the budget allows. */
    private static final int BODY_BYTES = 200;

    private static final Duration INTERVAL = Duration.ofMillis(100);

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
                .environmentEntry(ConfigKeys.SSE_POST_READ_TIMEOUT, "1500")
                .environmentEntry(ConfigKeys.AUTH_LOGIN_READ_TIMEOUT, "1500")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static byte[] body(String start) {
        StringBuilder text = new StringBuilder(start);
        while (text.length() < BODY_BYTES) {
            text.append(' ');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessagePostTrickledByteByByteGets408BeforeItsBodyIsComplete() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                SseClient stream = SseClient.open(client, AuthClient.http(server, "/sse?channel=slow"), Map.of())) {
            String id = stream.next("connection").data();
            try (Attack.TricklingPost post = new Attack.TricklingPost(
                    server, "/sse/send/" + id, "text/plain;charset=utf-8", body("hello"), INTERVAL)) {
                String response = post.response();
                assertThat(response).startsWith("HTTP/1.1 408 ").contains("did not arrive within 1500 ms");
                assertThat(post.sent())
                        .as("bytes sent when the server answered")
                        .isLessThan(post.length());
            }
            // The stream itself is unharmed: a message posted at normal speed is delivered.
            assertThat(AuthClient.post(client, AuthClient.http(server, "/sse/send/" + id), "text/plain", "hi", Map.of())
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void aLoginTrickledByteByByteGets408BeforeItsBodyIsComplete() throws Exception {
        try (Attack.TricklingPost post = new Attack.TricklingPost(
                server,
                "/auth/login",
                "application/json",
                body("{\"user\":\"alice\",\"password\":\"alice-pw\"}"),
                INTERVAL)) {
            String response = post.response();
            assertThat(response).startsWith("HTTP/1.1 408 ").contains("did not arrive within 1500 ms");
            assertThat(post.sent()).isLessThan(post.length());
        }
    }
}
