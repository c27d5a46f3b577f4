package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A logged-in client asking for connect tickets in a loop fills its own budget, not the server's table: beyond
 * {@code switchboard.auth.tickets.max-per-user} it gets 429 with {@code Retry-After} and a body saying why, other
 * users still get tickets, and a full table answers 429 too, never a 5xx.
 */
class TicketFloodGets429NotServerErrorTest {

    private static final int PER_USER = 3;
    private static final int TOTAL = 5;

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "alice-pw");
        Users.add(users, "bob", "bob-pw");
        Users.add(users, "carol", "carol-pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SGC_URLS, "true")
                .environmentEntry(ConfigKeys.AUTH_TICKETS_PER_USER, String.valueOf(PER_USER))
                .environmentEntry(ConfigKeys.AUTH_TICKETS_MAX, String.valueOf(TOTAL))
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private static HttpResponse<String> moreTickets(HttpClient client) throws Exception {
        return AuthClient.post(client, AuthClient.http(server, "/auth/ticket"), null, "", Map.of());
    }

    private static void assertTooMany(HttpResponse<String> response, String why) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After"))
                .get()
                .satisfies(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(response.body()).contains(why);
    }

    @Test
    void oneUsersFloodIsRefusedWith429WhileOthersStillGetTicketsUntilTheTableIsFull() throws Exception {
        try (HttpClient alice = browser();
                HttpClient bob = browser();
                HttpClient carol = browser();
                HttpClient ws = HttpClient.newHttpClient()) {
            HttpResponse<String> login = AuthClient.login(alice, server, "alice", "alice-pw");
            assertThat(login.statusCode()).isEqualTo(200);
            String first = AuthClient.field(login.body(), "ticket");
            for (int i = 1; i < PER_USER; i++) {
                assertThat(moreTickets(alice).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 20; i++) {
                assertTooMany(moreTickets(alice), "this user");
            }
            assertTooMany(AuthClient.login(alice, server, "alice", "alice-pw"), "this user");
            assertTooMany(
                    AuthClient.get(alice, AuthClient.http(server, "/sgc/req/auth/session/alice/alice-pw"), Map.of()),
                    "this user");

            // A redeemed ticket frees its place.
            try (TestClient.Recorder socket =
                    TestClient.connect(ws, AuthClient.ws(server, "/?ticket=" + first), Map.of())) {
                assertThat(socket.isOpen()).isTrue();
            }
            assertThat(moreTickets(alice).statusCode()).isEqualTo(200);

            // Alice's flood did not fill the table: bob gets his, up to the node's budget.
            assertThat(AuthClient.login(bob, server, "bob", "bob-pw").statusCode())
                    .isEqualTo(200);
            assertThat(moreTickets(bob).statusCode()).isEqualTo(200);
            assertTooMany(AuthClient.login(carol, server, "carol", "carol-pw"), "on this server");
        }
    }
}
