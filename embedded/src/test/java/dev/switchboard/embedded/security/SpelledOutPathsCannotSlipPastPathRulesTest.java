package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A protected path and an authenticated forwarding route, attacked with every spelling of their paths that a
 * servlet container still serves as the same path: path parameters, escapes, dot segments, doubled slashes. Each is
 * refused with 401 like the plain spelling; spellings that two parsers could read differently are refused with 400
 * before any filter decides; the upstream behind the route never sees any of them.
 */
class SpelledOutPathsCannotSlipPastPathRulesTest {

    private static final String LOCAL = "127.0.0.1";

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static HttpServer upstream;
    static final List<String> upstreamSaw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamSaw.add(exchange.getRequestURI().getRawPath());
            byte[] body = "upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "frank", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("staff"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/private")
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/admin/=http://127.0.0.1:" + upstream.getAddress().getPort() + "/internal/ auth=required")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        upstream.stop(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/admin/secret",
                "/admin;x/secret",
                "/%61dmin/secret",
                "/./admin/secret",
                "/foo/../admin/secret",
                "/auth/../admin/secret",
                "/admin/./secret",
                "/sse/../admin/secret",
                "/admin;jsessionid=1/secret"
            })
    void everySpellingOfAnAuthenticatedRouteNeedsAPrincipal(String target) throws Exception {
        int before = upstreamSaw.size();
        LoopbackClient refused = LoopbackClient.fetch(LOCAL, server.port(), target, Map.of());
        assertThat(refused.status).as(target).isEqualTo(401);
        assertThat(refused.headers).containsKey("www-authenticate");
        assertThat(upstreamSaw).hasSize(before);

        LoopbackClient allowed = LoopbackClient.fetch(LOCAL, server.port(), target, basic());
        assertThat(allowed.status).as(target).isEqualTo(200);
        assertThat(upstreamSaw.getLast()).isEqualTo("/internal/secret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/private/report",
                "/private;x/report",
                "/%70rivate/report",
                "/x/../private/report",
                "/auth/../private",
                "/private"
            })
    void everySpellingOfAProtectedPathNeedsAPrincipal(String target) throws Exception {
        assertThat(LoopbackClient.fetch(LOCAL, server.port(), target, Map.of()).status)
                .as(target)
                .isEqualTo(401);
        assertThat(LoopbackClient.upgradeStatus(LOCAL, server.port(), target, Map.of()))
                .as(target)
                .isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/admin%2Fsecret",
                "/admin%2fsecret",
                "/x/%2e%2e/admin/secret",
                "/auth/..;/admin/secret",
                "/admin/%2e/secret",
                "/..%2Fadmin/secret",
                "/admin/secret%00",
                "/%C0%AE%C0%AE/admin/secret",
                "/admin%5Csecret",
                "/admin/%25%32%65%25%32%65/secret",
                "/../admin/secret",
                "/%FF/admin",
                "//admin//secret"
            })
    void ambiguousSpellingsAreRefusedWith400BeforeAnyFilterDecides(String target) throws Exception {
        int before = upstreamSaw.size();
        LoopbackClient refused = LoopbackClient.fetch(LOCAL, server.port(), target, basic());
        assertThat(refused.status).as(target).isEqualTo(400);
        assertThat(upstreamSaw).hasSize(before);
    }

    private static Map<String, String> basic() {
        return BasicAuth.basic("frank", "pw");
    }
}
