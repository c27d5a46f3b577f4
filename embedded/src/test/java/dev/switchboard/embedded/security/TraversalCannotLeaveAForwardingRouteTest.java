package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dot segments in a forwarded path cannot reach an upstream path outside the route's upstream base, nor reach a
 * route that requires authentication through an open one: the route is chosen on the canonical path and the
 * upstream path is built from it.
 */
class TraversalCannotLeaveAForwardingRouteTest {

    private static final String LOCAL = "127.0.0.1";

    static SwitchboardServer server;
    static HttpServer upstream;
    static final List<String> upstreamSaw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamSaw.add(exchange.getRequestURI().getRawPath());
            byte[] body = ("saw " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/legacy/=" + base + "/app/;"
                                + "/pub/=" + base + "/public/;"
                                + "/admin/=" + base + "/admin/ auth=required;"
                                + "~^/files/(.*)\\.txt$=" + base + "/store/$1/content")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        upstream.stop(0);
    }

    @Test
    void dotSegmentsAreResolvedBeforeTheRouteIsChosen() throws Exception {
        int before = upstreamSaw.size();
        // Resolves to /x: no route, so Switchboard answers itself and the upstream never sees /app/../../x.
        LoopbackClient escaped = LoopbackClient.fetch(LOCAL, server.port(), "/legacy/a/b/../../../x", Map.of());
        assertThat(escaped.status).isEqualTo(404);
        // Resolves to /admin/x: the authenticated route, not the open one it was written under.
        LoopbackClient sideways = LoopbackClient.fetch(LOCAL, server.port(), "/pub/../admin/x", Map.of());
        assertThat(sideways.status).isEqualTo(401);
        assertThat(upstreamSaw).hasSize(before);
    }

    @Test
    void dotSegmentsThatStayInsideTheRouteReachTheResolvedPath() throws Exception {
        LoopbackClient inside = LoopbackClient.fetch(LOCAL, server.port(), "/legacy/a/b/../c", Map.of());
        assertThat(inside.status).isEqualTo(200);
        assertThat(inside.body).isEqualTo("saw /app/a/c");
    }

    @Test
    void aPatternGroupCannotClimbOutOfTheUpstreamBase() throws Exception {
        int before = upstreamSaw.size();
        // "..%2Etxt" is no dot segment, yet the group captures "..": /store/../content would leave /store/.
        LoopbackClient attack = LoopbackClient.fetch(LOCAL, server.port(), "/files/...txt", Map.of());
        assertThat(attack.status).isEqualTo(400);
        assertThat(attack.body).contains("leaves the route's upstream");
        assertThat(upstreamSaw).hasSize(before);

        LoopbackClient fine = LoopbackClient.fetch(LOCAL, server.port(), "/files/report.txt", Map.of());
        assertThat(fine.body).isEqualTo("saw /store/report/content");
    }

    @Test
    void decodedCharactersReachTheUpstreamEncodedAgain() throws Exception {
        LoopbackClient semicolon = LoopbackClient.fetch(LOCAL, server.port(), "/pub/a%3Bb/c%20d", Map.of());
        assertThat(semicolon.body).isEqualTo("saw /public/a%3Bb/c%20d");
    }
}
