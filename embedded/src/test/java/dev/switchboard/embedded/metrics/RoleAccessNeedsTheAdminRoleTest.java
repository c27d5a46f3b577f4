package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code switchboard.metrics.access=role} the endpoint answers an authenticated user with the admin role, from
 * any address and through a proxy, and refuses everyone else with 401 or 403.
 */
class RoleAccessNeedsTheAdminRoleTest {

    @TempDir
    static Path dir;

    private static SwitchboardServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "root", "r00t:pw", "admin");
        Users.add(users, "alice", "al1ce:pw", "user");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.METRICS_ACCESS, "role")
                .build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(Files.exists(users)).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        server.stop();
    }

    @Test
    void withoutCredentialsItChallenges() throws Exception {
        HttpResponse<String> response = Scrape.get(client, server, Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(response.body()).contains("role admin");
    }

    @Test
    void aUserWithoutTheRoleIsForbidden() throws Exception {
        HttpResponse<String> response = Scrape.get(client, server, BasicAuth.basic("alice", "al1ce:pw"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("role admin");
    }

    @Test
    void anAdminReadsTheMetricsEvenThroughAProxy() throws Exception {
        Map<String, String> headers = new HashMap<>(BasicAuth.basic("root", "r00t:pw"));
        headers.put("X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> response = Scrape.get(client, server, headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("switchboard_slow_consumer_disconnects_total");
        // The admins' logins are counted: the scrape that sees them comes within the reading's lifetime.
        Await.until(
                "a scrape counting the admin's Basic logins",
                () -> Scrape.value(
                                Scrape.get(client, server, headers).body(),
                                "switchboard_authentications_total",
                                "method=\"basic\"",
                                "outcome=\"accepted\"")
                        >= 1);
    }
}
