package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.RunningNode;
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

    private static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "root", "r00t:pw", "admin");
        Users.add(users, "alice", "al1ce:pw", "user");
        node = RunningNode.start(Map.of(ConfigKeys.AUTH_USERS, users.toString(), ConfigKeys.METRICS_ACCESS, "role"));
        assertThat(Files.exists(users)).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void withoutCredentialsItChallenges() throws Exception {
        HttpResponse<String> response = node.scrape(Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(response.body()).contains("role admin");
    }

    @Test
    void aUserWithoutTheRoleIsForbidden() throws Exception {
        HttpResponse<String> response = node.scrape(BasicAuth.basic("alice", "al1ce:pw"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("role admin");
    }

    @Test
    void anAdminReadsTheMetricsEvenThroughAProxy() throws Exception {
        Map<String, String> headers = new HashMap<>(BasicAuth.basic("root", "r00t:pw"));
        headers.put("X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> response = node.scrape(headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("switchboard_slow_consumer_disconnects_total");
        // The admins' logins are counted: the scrape that sees them comes within the reading's lifetime.
        Await.until(
                "a scrape counting the admin's Basic logins",
                () -> RunningNode.value(
                                node.scrape(headers).body(),
                                "switchboard_authentications_total",
                                "method=\"basic\"",
                                "outcome=\"accepted\"")
                        >= 1);
    }
}
