package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests a forwarding route answers are counted and timed by route and status, the upstream's status included. */
class ForwardedRequestsAreTimedByRouteAndStatusTest {

    @Test
    void aScrapeShowsTheForwardedRequestsByStatus() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            int status = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        upstream.start();
        try (RunningNode node = RunningNode.start(Map.of(
                ConfigKeys.FORWARD_ROUTES,
                "/api/=http://127.0.0.1:" + upstream.getAddress().getPort() + "/"))) {
            for (String path : new String[] {"/api/a", "/api/b", "/api/missing"}) {
                node.get(path);
            }
            String body = Await.value(
                    "a scrape with the forwarded requests",
                    () -> node.scrape(),
                    text -> RunningNode.value(text, "switchboard_forwarding_requests_seconds_count", "status=\"200\"")
                                    == 2
                            && RunningNode.value(
                                            text, "switchboard_forwarding_requests_seconds_count", "status=\"404\"")
                                    == 1);
            assertThat(RunningNode.value(
                            body, "switchboard_forwarding_requests_seconds_bucket", "le=\"+Inf\"", "status=\"200\""))
                    .isEqualTo(2);
            assertThat(body).containsPattern("switchboard_forwarding_requests_seconds_count\\{route=\"[^\"]+\"");
        } finally {
            upstream.stop(0);
        }
    }
}
