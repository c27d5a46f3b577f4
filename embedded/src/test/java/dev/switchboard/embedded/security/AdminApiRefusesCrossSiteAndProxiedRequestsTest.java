package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.SwitchboardServerBuilder;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API with its defaults (loopback only, role {@code admin}). Two attacks: a page on another site makes the
 * administrator's browser POST a ban (the browser adds the Basic credentials by itself), and a reverse proxy on the
 * same host relays anyone's requests from a loopback address.
 */
class AdminApiRefusesCrossSiteAndProxiedRequestsTest {

    private static final String BANS = "/switchboard/firewall/bans?address=192.0.2.10&seconds=0&reason=csrf";

    @TempDir
    Path dir;

    private SwitchboardServer start(String adminAllow) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "root", PasswordHashes.hash("root-pw".toCharArray(), 1_000), List.of("admin"));
        SwitchboardServerBuilder builder = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ENABLED, "true");
        if (adminAllow != null) {
            builder.environmentEntry(ConfigKeys.FIREWALL_ADMIN_ALLOW, adminAllow);
        }
        SwitchboardServer server = builder.build();
        server.start();
        return server;
    }

    private static Map<String, String> admin(String... more) {
        Map<String, String> headers = new HashMap<>(BasicAuth.basic("root", "root-pw"));
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    private static LoopbackClient call(SwitchboardServer server, String method, String path, Map<String, String> h)
            throws Exception {
        return LoopbackClient.request("127.0.0.1", server.port(), method, path, false, h);
    }

    @Test
    void aCrossSitePostIsRefusedAndASameOriginPostWithTheHeaderIsServed() throws Exception {
        SwitchboardServer server = start(null);
        try {
            String self = "http://127.0.0.1:" + server.port();
            LoopbackClient formPost = call(server, "POST", BANS, admin("Origin", "http://evil.example"));
            assertThat(formPost.status)
                    .as("a cross-site form cannot add the header")
                    .isEqualTo(403);
            assertThat(formPost.body).contains("X-Switchboard-Admin");
            assertThat(call(server, "POST", BANS, admin("X-Switchboard-Admin", "1", "Origin", "http://evil.example"))
                            .status)
                    .as("another origin")
                    .isEqualTo(403);
            assertThat(call(server, "POST", BANS, admin("X-Switchboard-Admin", "1", "Origin", "null")).status)
                    .as("an opaque origin")
                    .isEqualTo(403);
            assertThat(call(
                                    server,
                                    "DELETE",
                                    "/switchboard/firewall/bans/192.0.2.10",
                                    admin("X-Switchboard-Admin", "1", "Referer", "http://evil.example/page"))
                            .status)
                    .as("another site's Referer")
                    .isEqualTo(403);
            assertThat(call(server, "GET", "/switchboard/firewall/bans", admin()).body)
                    .as("no refused request banned anyone")
                    .doesNotContain("192.0.2.10");

            assertThat(call(server, "POST", BANS, admin("X-Switchboard-Admin", "1", "Origin", self)).status)
                    .isEqualTo(201);
            assertThat(call(server, "POST", BANS, admin("X-Switchboard-Admin", "1")).status)
                    .as("a tool like curl sends no Origin")
                    .isEqualTo(201);
            assertThat(call(
                                    server,
                                    "DELETE",
                                    "/switchboard/firewall/bans/192.0.2.10",
                                    admin("X-Switchboard-Admin", "1", "Referer", self + "/admin.html"))
                            .status)
                    .isEqualTo(204);
        } finally {
            server.stop();
        }
    }

    @Test
    void aRequestRelayedByAProxyOnTheSameHostIsRefusedByTheLoopbackGuard() throws Exception {
        SwitchboardServer server = start(null);
        try {
            assertThat(call(server, "GET", "/switchboard/firewall", admin()).status)
                    .isEqualTo(200);
            for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Forwarded-Host", "X-Real-IP", "Via")) {
                String value = header.equals("Forwarded")
                        ? "for=203.0.113.5"
                        : header.equals("Via") ? "1.1 proxy" : "203.0.113.5";
                assertThat(call(server, "GET", "/switchboard/firewall", admin(header, value)).status)
                        .as(header)
                        .isEqualTo(403);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void withTheAddressGuardOffTheRoleIsTheWayInThroughAProxy() throws Exception {
        SwitchboardServer server = start("*");
        try {
            assertThat(call(server, "GET", "/switchboard/firewall", admin("X-Forwarded-For", "203.0.113.5")).status)
                    .isEqualTo(200);
            assertThat(call(server, "GET", "/switchboard/firewall", Map.of("X-Forwarded-For", "203.0.113.5")).status)
                    .isEqualTo(401);
            assertThat(call(server, "POST", BANS, admin("X-Forwarded-For", "203.0.113.5")).status)
                    .as("the cross-site defence still applies")
                    .isEqualTo(403);
        } finally {
            server.stop();
        }
    }
}
