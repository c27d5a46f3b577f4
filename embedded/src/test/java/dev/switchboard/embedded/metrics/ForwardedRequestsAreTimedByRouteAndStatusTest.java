package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/api/=http://127.0.0.1:" + upstream.getAddress().getPort() + "/")
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : new String[] {"/api/a", "/api/b", "/api/missing"}) {
                client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .timeout(Await.DEADLINE)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            String body = Await.value(
                    "a scrape with the forwarded requests",
                    () -> Scrape.body(client, server),
                    text -> Scrape.value(text, "switchboard_forwarding_requests_seconds_count", "status=\"200\"") == 2
                            && Scrape.value(text, "switchboard_forwarding_requests_seconds_count", "status=\"404\"")
                                    == 1);
            assertThat(Scrape.value(
                            body, "switchboard_forwarding_requests_seconds_bucket", "le=\"+Inf\"", "status=\"200\""))
                    .isEqualTo(2);
            assertThat(body).containsPattern("switchboard_forwarding_requests_seconds_count\\{route=\"[^\"]+\"");
        } finally {
            server.stop();
            upstream.stop(0);
        }
    }
}
