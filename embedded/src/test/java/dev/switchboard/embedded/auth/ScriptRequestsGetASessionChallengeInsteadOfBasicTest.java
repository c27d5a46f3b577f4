package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 401 to a request made by a page's script ({@code Sec-Fetch-Mode} other than {@code navigate},
 * {@code X-Requested-With}, {@code X-Switchboard-Admin}) challenges with {@code Session}, so that the browser shows
 * no password dialog; a navigation and a client without fetch metadata keep the {@code Basic} challenge. Both
 * challenge paths are covered: the admin APIs' guard and the authentication filter with the login endpoint; with
 * bearer tokens on, the filter's {@code Bearer} challenge is the same for both kinds of request.
 */
class ScriptRequestsGetASessionChallengeInsteadOfBasicTest {

    private static final String BASIC = "Basic realm=\"switchboard\", charset=\"UTF-8\"";
    private static final String SESSION = "Session realm=\"switchboard\"";
    private static final String BEARER = "Bearer realm=\"switchboard\"";

    private static final Map<String, String> NON_BROWSER = Map.of();
    private static final Map<String, String> NAVIGATION =
            Map.of("Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document");
    private static final List<Map<String, String>> SCRIPTS = List.of(
            Map.of("Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"),
            Map.of("Sec-Fetch-Mode", "same-origin"),
            Map.of("X-Requested-With", "XMLHttpRequest"),
            Map.of("X-Switchboard-Admin", "1"));

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "ada", "ada-pw", "admin");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/private")
                .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ENABLED, "true")
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Tokens.SECRET)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        return AuthClient.get(client, uri, headers);
    }

    private static HttpResponse<String> wrongLogin(HttpClient client, Map<String, String> headers) throws Exception {
        return AuthClient.post(
                client,
                AuthClient.http(server, "/auth/login"),
                "application/json",
                "{\"user\":\"ada\",\"password\":\"wrong\"}",
                headers);
    }

    /** The same 401 and body for every kind of caller, with the challenge that kind gets. */
    private static void assertChallenges(
            String what, Request request, List<String> basicChallenges, List<String> sessionChallenges)
            throws Exception {
        HttpResponse<String> nonBrowser = request.send(NON_BROWSER);
        assertThat(nonBrowser.statusCode()).as(what).isEqualTo(401);
        assertThat(AuthClient.challenges(nonBrowser))
                .as(what + " from a non-browser client")
                .containsExactlyElementsOf(basicChallenges);
        HttpResponse<String> navigation = request.send(NAVIGATION);
        assertThat(navigation.statusCode()).as(what).isEqualTo(401);
        assertThat(AuthClient.challenges(navigation))
                .as(what + " on a navigation")
                .containsExactlyElementsOf(basicChallenges);
        for (Map<String, String> script : SCRIPTS) {
            HttpResponse<String> scripted = request.send(script);
            assertThat(scripted.statusCode()).as(what + " " + script).isEqualTo(401);
            assertThat(AuthClient.challenges(scripted))
                    .as(what + " from a script " + script)
                    .containsExactlyElementsOf(sessionChallenges);
            assertThat(scripted.body()).as(what + " " + script).isEqualTo(nonBrowser.body());
        }
    }

    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send(Map<String, String> headers) throws Exception;
    }

    @Test
    void theAdminApiChallengesAScriptWithSession() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertChallenges(
                    "GET /admin/api/stats",
                    headers -> get(client, AuthClient.http(server, "/admin/api/stats"), headers),
                    List.of(BASIC),
                    List.of(SESSION));
            assertThat(get(client, AuthClient.http(server, "/admin/api/stats"), SCRIPTS.get(0))
                            .body())
                    .contains("\"unauthenticated\"");
        }
    }

    @Test
    void theFirewallAdminApiChallengesAScriptWithSession() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertChallenges(
                    "GET /switchboard/firewall/bans",
                    headers -> get(client, AuthClient.http(server, "/switchboard/firewall/bans"), headers),
                    List.of(BASIC),
                    List.of(SESSION));
        }
    }

    @Test
    void aProtectedPathAndTheLoginEndpointChallengeAScriptWithSessionAndKeepTheBearerChallenge() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertChallenges(
                    "GET /private/page",
                    headers -> get(client, AuthClient.http(server, "/private/page"), headers),
                    List.of(BEARER, BASIC),
                    List.of(BEARER, SESSION));
            assertChallenges(
                    "a wrong password on POST /auth/login",
                    headers -> wrongLogin(client, headers),
                    List.of(BEARER, BASIC),
                    List.of(BEARER, SESSION));
            assertChallenges(
                    "GET /auth/me without a login",
                    headers -> get(client, AuthClient.http(server, "/auth/me"), headers),
                    List.of(BEARER, BASIC),
                    List.of(BEARER, SESSION));
        }
    }
}
