package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection whose token or login expires is told ({@code sgc@expiring}), may refresh with {@code sgc@refresh}
 * and stays open; one that does not refresh is closed with 4500.
 */
class ExpiringCredentialsRefreshWithoutReconnectTest {

    private static final String SGC = "esegece.com";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "erin", "pw", "user");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Tokens.SECRET)
                .environmentEntry(ConfigKeys.AUTH_REFRESH_WARNING, "3")
                .environmentEntry(ConfigKeys.AUTH_SESSION_MAX_AGE, "6")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String refresh(String field, String credential, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@refresh\",\"params\":{\"" + field + "\":\"" + credential
                + "\"},\"id\":\"" + id + "\"}";
    }

    private static TestClient.Recorder sgc(HttpClient client, String path, Map<String, String> headers)
            throws Exception {
        TestClient.Recorder socket = AuthClient.connect(client, AuthClient.ws(server, path), SGC, headers);
        socket.nextContaining("sgc@session");
        return socket;
    }

    /** The reply with this id, skipping the acknowledgment that comes first. */
    private static String reply(TestClient.Recorder socket, int id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }

    private static void awaitPast(Instant instant) throws InterruptedException {
        Await.until("time to pass " + instant, () -> Instant.now().isAfter(instant.plusMillis(500)));
    }

    @Test
    void aRefreshedTokenKeepsTheConnectionOpenPastTheOldExpiry() throws Exception {
        Instant shortExpiry = Instant.now().plusSeconds(4);
        String first = Tokens.hs256(Tokens.SECRET, "erin", shortExpiry, null, List.of("user"));
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder kept = sgc(client, "/", Map.of("Authorization", "Bearer " + first));
                TestClient.Recorder dropped = sgc(client, "/", Map.of("Authorization", "Bearer " + first))) {
            assertThat(kept.nextContaining("sgc@expiring"))
                    .contains("\"expiresAt\":\"" + Instant.ofEpochSecond(shortExpiry.getEpochSecond()) + "\"");

            String stranger =
                    Tokens.hs256(Tokens.SECRET, "mallory", Instant.now().plusSeconds(600), null, List.of());
            kept.send(refresh("token", stranger, 1));
            assertThat(reply(kept, 1)).contains("\"code\":-32001").contains("another user");
            kept.send(refresh("token", "garbage", 2));
            assertThat(reply(kept, 2)).contains("\"code\":-32001");

            Instant longExpiry = Instant.now().plusSeconds(600);
            kept.send(refresh("token", Tokens.hs256(Tokens.SECRET, "erin", longExpiry, null, List.of("user")), 3));
            assertThat(kept.nextContaining("sgc@refresh"))
                    .contains("\"user\":\"erin\"")
                    .contains("\"expiresAt\":\"" + Instant.ofEpochSecond(longExpiry.getEpochSecond()) + "\"");

            assertThat(dropped.closeCode()).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(dropped.closeReason.join()).isEqualTo("Credentials expired");
            awaitPast(shortExpiry);
            kept.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}");
            assertThat(kept.nextContaining("sgc@session")).contains("\"result\"");
            assertThat(kept.isOpen()).isTrue();
        }
    }

    @Test
    void aTicketConnectionRefreshesWithATicketFromANewLogin() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String ticket = AuthClient.field(
                    AuthClient.login(client, server, "erin", "pw").body(), "ticket");
            try (TestClient.Recorder socket = sgc(client, "/?ticket=" + ticket, Map.of())) {
                String warning = socket.nextContaining("sgc@expiring");
                Instant loginEnd = Instant.parse(warning.replaceAll(".*\"expiresAt\":\"([^\"]+)\".*", "$1"));
                String fresh = AuthClient.field(
                        AuthClient.login(client, server, "erin", "pw").body(), "ticket");
                socket.send(refresh("ticket", fresh, 7));
                assertThat(socket.nextContaining("sgc@refresh")).contains("\"user\":\"erin\"");
                socket.send(refresh("ticket", fresh, 8));
                assertThat(reply(socket, 8)).as("a ticket refreshes once").contains("\"code\":-32001");
                awaitPast(loginEnd);
                socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}");
                assertThat(socket.nextContaining("sgc@session")).contains("\"result\"");
            }
        }
    }
}
