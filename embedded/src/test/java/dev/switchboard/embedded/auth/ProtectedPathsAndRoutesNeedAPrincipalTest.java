package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protected paths and forwarding routes with {@code auth=required} need a principal even when authentication is
 * not required in general; the upstream never sees a refused request.
 */
class ProtectedPathsAndRoutesNeedAPrincipalTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static HttpServer upstream;
    static final AtomicInteger upstreamHits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamHits.incrementAndGet();
            byte[] body = ("upstream saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Path users = Users.add(dir.resolve("users"), "frank", "pw", "staff");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/private")
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/legacy/=http://127.0.0.1:" + upstream.getAddress().getPort() + "/ auth=required;"
                                + " /open/=http://127.0.0.1:"
                                + upstream.getAddress().getPort() + "/")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        upstream.stop(0);
    }

    private static final Map<String, String> FRANK = BasicAuth.basic("frank", "pw");

    @Test
    void aRouteThatRequiresAuthenticationAnswers401WithAChallengeAndForwardsAuthenticatedRequests() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            int before = upstreamHits.get();
            HttpResponse<String> refused =
                    AuthClient.get(client, AuthClient.http(server, "/legacy/report?id=7"), Map.of());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(AuthClient.challenges(refused)).contains("Basic realm=\"switchboard\", charset=\"UTF-8\"");
            assertThat(upstreamHits.get()).isEqualTo(before);

            HttpResponse<String> forwarded =
                    AuthClient.get(client, AuthClient.http(server, "/legacy/report?id=7"), FRANK);
            assertThat(forwarded.statusCode()).isEqualTo(200);
            assertThat(forwarded.body()).isEqualTo("upstream saw /report?id=7");

            assertThat(AuthClient.get(client, AuthClient.http(server, "/open/x"), Map.of())
                            .body())
                    .isEqualTo("upstream saw /x");
            HttpResponse<String> wrong =
                    AuthClient.get(client, AuthClient.http(server, "/open/x"), BasicAuth.basic("frank", "bad"));
            assertThat(wrong.statusCode())
                    .as("wrong credentials are refused even where none are needed")
                    .isEqualTo(401);
        }
    }

    @Test
    void aProtectedPathNeedsAPrincipal() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(AuthClient.get(client, AuthClient.http(server, "/private/page"), Map.of())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(AuthClient.get(client, AuthClient.http(server, "/private/page"), FRANK)
                            .statusCode())
                    .as("authenticated, then the container finds nothing there")
                    .isEqualTo(404);
            assertThat(AuthClient.get(client, AuthClient.http(server, "/privateer"), Map.of())
                            .statusCode())
                    .isEqualTo(404);
        }
    }
}
