package dev.switchboard.embedded.auth;

import static dev.switchboard.embedded.auth.AuthClient.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /auth/login}, tickets, the session cookie and logout, with authentication required. */
class SessionLoginIssuesSingleUseTicketsTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "s3cret pass", "user", "admin");
        Users.add(users, "bob", "bobpw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(IdentityProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aLoginTicketOpensOneWebSocketAndCannotBeReplayed() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> login = AuthClient.login(client, server, "alice", "s3cret pass");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(login.body())
                    .contains("\"user\":\"alice\"")
                    .contains("\"roles\":[\"admin\",\"user\"]")
                    .contains("\"ticketExpiresIn\":30");
            String ticket = field(login.body(), "ticket");

            try (TestClient.Recorder socket = AuthClient.connect(
                    client,
                    AuthClient.ws(server, "/room?ticket=" + ticket + "&x=1"),
                    IdentityProbeProtocol.NAME,
                    Map.of())) {
                String answer = socket.ask("who");
                assertThat(answer).startsWith("alice|admin,user|ticket|");
                assertThat(answer)
                        .as("the ticket is not kept in the connection's URI")
                        .endsWith(" /room?x=1");
            }
            assertThat(AuthClient.refusedStatus(
                            client, AuthClient.ws(server, "/?ticket=" + ticket), IdentityProbeProtocol.NAME, Map.of()))
                    .as("a used ticket")
                    .isEqualTo(401);
            assertThat(AuthClient.refusedStatus(
                            client, AuthClient.ws(server, "/?ticket=made-up"), IdentityProbeProtocol.NAME, Map.of()))
                    .as("an unknown ticket")
                    .isEqualTo(401);
        }
    }

    @Test
    void wrongPasswordsAndMalformedLoginsGetClearErrors() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> wrong = AuthClient.login(client, server, "alice", "nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(AuthClient.challenges(wrong)).isNotEmpty();
            assertThat(wrong.body()).contains("Invalid credentials");
            assertThat(AuthClient.login(client, server, "nobody", "nope").statusCode())
                    .isEqualTo(401);

            assertThat(AuthClient.post(
                                    client,
                                    AuthClient.http(server, "/auth/login"),
                                    "application/json",
                                    "{oops",
                                    Map.of())
                            .statusCode())
                    .isEqualTo(400);
            assertThat(AuthClient.post(client, AuthClient.http(server, "/auth/login"), "text/plain", "alice", Map.of())
                            .statusCode())
                    .isEqualTo(400);
            HttpResponse<String> form = AuthClient.post(
                    client,
                    AuthClient.http(server, "/auth/login"),
                    "application/x-www-form-urlencoded",
                    "username=bob&password=bobpw",
                    Map.of());
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("\"user\":\"bob\"").contains("\"roles\":[]");
        }
    }

    @Test
    void theSessionCookieAuthenticatesUntilLogout() throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        try (HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build()) {
            assertThat(AuthClient.get(client, AuthClient.http(server, "/auth/me"), Map.of())
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<String> login = AuthClient.login(client, server, "alice", "s3cret pass");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().allValues("Set-Cookie"))
                    .anySatisfy(cookie ->
                            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
            assertThat(AuthClient.get(client, AuthClient.http(server, "/auth/me"), Map.of())
                            .body())
                    .contains("\"user\":\"alice\"")
                    .contains("\"expiresAt\"");

            HttpResponse<String> ticket =
                    AuthClient.post(client, AuthClient.http(server, "/auth/ticket"), null, "", Map.of());
            assertThat(ticket.statusCode()).isEqualTo(200);
            assertThat(field(ticket.body(), "ticket")).isNotEqualTo(field(login.body(), "ticket"));

            try (TestClient.Recorder socket =
                    AuthClient.connect(client, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, Map.of())) {
                assertThat(socket.ask("who")).startsWith("alice|admin,user|session|");
            }

            assertThat(AuthClient.post(client, AuthClient.http(server, "/auth/logout"), null, "", Map.of())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(AuthClient.refusedStatus(
                            client, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, Map.of()))
                    .isEqualTo(401);
            assertThat(AuthClient.post(client, AuthClient.http(server, "/auth/ticket"), null, "", Map.of())
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void logoutClosesTheLoginsConnectionsAndWithdrawsItsUnusedTickets() throws Exception {
        try (HttpClient first = HttpClient.newBuilder()
                        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                        .build();
                HttpClient second = HttpClient.newBuilder()
                        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                        .build();
                HttpClient other = HttpClient.newHttpClient()) {
            String loginTicket = field(
                    AuthClient.login(first, server, "alice", "s3cret pass").body(), "ticket");
            String unused = field(
                    AuthClient.post(first, AuthClient.http(server, "/auth/ticket"), null, "", Map.of())
                            .body(),
                    "ticket");
            // The same user logged in a second time elsewhere, and another user.
            String secondLogin = field(
                    AuthClient.login(second, server, "alice", "s3cret pass").body(), "ticket");
            String bobs = field(AuthClient.login(other, server, "bob", "bobpw").body(), "ticket");

            try (TestClient.Recorder byTicket = AuthClient.connect(
                            first,
                            AuthClient.ws(server, "/?ticket=" + loginTicket),
                            IdentityProbeProtocol.NAME,
                            Map.of());
                    TestClient.Recorder byCookie = AuthClient.connect(
                            first, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, Map.of());
                    TestClient.Recorder elsewhere = AuthClient.connect(
                            second,
                            AuthClient.ws(server, "/?ticket=" + secondLogin),
                            IdentityProbeProtocol.NAME,
                            Map.of());
                    TestClient.Recorder bob = AuthClient.connect(
                            other, AuthClient.ws(server, "/?ticket=" + bobs), IdentityProbeProtocol.NAME, Map.of())) {
                assertThat(byCookie.ask("who")).startsWith("alice|admin,user|session|");

                assertThat(AuthClient.post(first, AuthClient.http(server, "/auth/logout"), null, "", Map.of())
                                .statusCode())
                        .isEqualTo(204);

                assertThat(byTicket.closeCode()).isEqualTo(4500);
                assertThat(byTicket.closeReason.get(
                                TestClient.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("Logged out");
                assertThat(byCookie.closeCode()).isEqualTo(4500);
                assertThat(AuthClient.refusedStatus(
                                other,
                                AuthClient.ws(server, "/?ticket=" + unused),
                                IdentityProbeProtocol.NAME,
                                Map.of()))
                        .as("a ticket of the ended login")
                        .isEqualTo(401);
                assertThat(elsewhere.ask("who")).as("alice's other login").startsWith("alice|admin,user|ticket|");
                assertThat(bob.ask("who")).startsWith("bob||ticket|");
            }
        }
    }

    @Test
    void unauthenticatedHandshakesAndStreamsGetAChallenge() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(AuthClient.refusedStatus(
                            client, AuthClient.ws(server, "/"), IdentityProbeProtocol.NAME, Map.of()))
                    .isEqualTo(401);
            HttpResponse<String> stream =
                    AuthClient.get(client, AuthClient.http(server, "/sse"), Map.of("Accept", "text/event-stream"));
            assertThat(stream.statusCode()).isEqualTo(401);
            assertThat(AuthClient.challenges(stream)).contains("Basic realm=\"switchboard\", charset=\"UTF-8\"");
            assertThat(AuthClient.get(client, AuthClient.http(server, "/health"), Map.of())
                            .statusCode())
                    .as("plain HTTP resources stay open")
                    .isEqualTo(200);
            HttpResponse<Void> preflight = client.send(
                    java.net.http.HttpRequest.newBuilder(AuthClient.http(server, "/sgc/xhr/some-connection"))
                            .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(preflight.statusCode())
                    .as("a CORS preflight carries no credentials")
                    .isNotEqualTo(401);
        }
    }

    @Test
    void theSgcUrlFormsAreRefusedWhileSwitchedOff() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(AuthClient.get(
                                    client,
                                    AuthClient.http(server, "/sgc/req/auth/session/alice/s3cret%20pass"),
                                    Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(AuthClient.refusedStatus(
                            client,
                            AuthClient.ws(server, "/sgc/auth/url/alice/s3cret%20pass"),
                            IdentityProbeProtocol.NAME,
                            Map.of()))
                    .isEqualTo(404);
        }
    }
}
