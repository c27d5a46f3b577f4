package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A route with several upstreams spreads requests (round robin, least connections), keeps answering while an
 * upstream dies, takes the dead one out of rotation and brings it back once health checks pass again, and pins
 * a client to one upstream by cookie.
 */
class LoadBalancingSpreadsAndFailsOverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch HOLDING = new CountDownLatch(1);

    private static final HttpServer[] upstreams = new HttpServer[3];
    private static final int[] ports = new int[3];
    private static SwitchboardServer server;
    private static HttpClient client;

    private static HttpServer upstream(String name, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/hold")) {
                HOLDING.countDown();
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return http;
    }

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            upstreams[i] = upstream(String.valueOf((char) ('a' + i)), 0);
            ports[i] = upstreams[i].getAddress().getPort();
        }
        String ab = "http://127.0.0.1:" + ports[0] + "/,http://127.0.0.1:" + ports[1] + "/";
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        // A check's timeout is its interval: one second tolerates a loaded machine, where
                        // 100 ms let a slow check of a healthy upstream take it out (unhealthy-after=1).
                        "/rr/=" + ab + " health=/ health-interval=1s healthy-after=2 unhealthy-after=1"
                                + " passive-failures=1;"
                                + "/least/=http://127.0.0.1:" + ports[2] + "/," + "http://127.0.0.1:" + ports[0]
                                + "/ balance=least-connections;"
                                + "/sticky/=" + ab.replace(ports[1] + "/", ports[2] + "/") + " sticky=SBUP")
                .build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        RELEASE.countDown();
        client.shutdownNow();
        server.stop();
        for (HttpServer upstream : upstreams) {
            if (upstream != null) {
                upstream.stop(0);
            }
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(DEADLINE);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Integer> spread(String path, int n) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode())
                    .as("request %d: %s", i, response.body())
                    .isEqualTo(200);
            counts.merge(response.body(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsFailsOverWithoutErrorsAndTakesTheUpstreamBackWhenHealthy() throws Exception {
        assertThat(spread("/rr/x", 10)).containsEntry("a", 5).containsEntry("b", 5);

        upstreams[1].stop(0);
        // Every request keeps succeeding: a refused connection is retried on the other upstream at once.
        assertThat(spread("/rr/x", 20)).containsOnlyKeys("a");

        upstreams[1] = upstream("b", ports[1]);
        Await.until("upstream b back in rotation", DEADLINE, () -> {
            HttpResponse<String> response = get("/rr/x");
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body().equals("b");
        });
        assertThat(spread("/rr/x", 10)).containsEntry("a", 5).containsEntry("b", 5);
    }

    @Test
    void leastConnectionsSendsNewRequestsAwayFromTheBusyUpstream() throws Exception {
        // c holds one request open; every other request must then go to a.
        var held = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/least/hold"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(HOLDING.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(spread("/least/y", 6)).containsOnlyKeys("a");
        RELEASE.countDown();
        assertThat(held.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("c");
    }

    @Test
    void aStickyCookiePinsTheClientToOneUpstream() throws Exception {
        HttpResponse<String> first = get("/sticky/z");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("SBUP=").contains("Path=/sticky").contains("HttpOnly");

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> next = get("/sticky/z", "Cookie", cookie.substring(0, cookie.indexOf(';')));
            answers.add(next.body());
            assertThat(next.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(answers).containsOnly(first.body());
    }
}
