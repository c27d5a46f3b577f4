package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pattern routes reach the upstream path their groups describe and win over prefix routes; routes from the
 * routes file work beside those of the key. Each upstream answers with its name and the path and query it saw.
 */
class PatternRoutesAndTheRoutesFileForwardTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    private static HttpServer first;
    private static HttpServer second;
    private static SwitchboardServer server;
    private static HttpClient client;

    private static HttpServer upstream(String name) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", exchange -> {
            byte[] answer = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
        return upstream;
    }

    @BeforeAll
    static void start() throws Exception {
        first = upstream("first");
        second = upstream("second");
        String a = "http://127.0.0.1:" + first.getAddress().getPort();
        String b = "http://127.0.0.1:" + second.getAddress().getPort();
        Path routes = Files.writeString(directory.resolve("routes.conf"), """
                # Shop pages, by store number; the session parameter keeps its ";" here without escaping.
                ~^/shop/(\\d+)/(.*)$ = %s/stores/$1/$2
                /files/ = %s/storage
                    strip=false
                """.formatted(b, a));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/=" + a + "/;"
                                + "~^/api/v(\\d+)/(.*)$=" + b + "/service/v$1/$2;"
                                + "~^/m\\;v=\\d+/.*=" + b + "/matrix;"
                                + "/api/=" + a + "/plain")
                .environmentEntry(ConfigKeys.FORWARD_ROUTES_FILE, routes.toString())
                .build();
        server.start();
        client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
        first.stop(0);
        second.stop(0);
    }

    private String get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                        .timeout(DEADLINE)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("status of %s: %s", pathAndQuery, response.body())
                .isEqualTo(200);
        return response.body();
    }

    @Test
    void aPatternsGroupsFillTheUpstreamPathAndTheQueryPassesUnchanged() throws Exception {
        assertThat(get("/api/v2/items/a%20b?q=1")).isEqualTo("second /service/v2/items/a%20b?q=1");
    }

    @Test
    void aMatchingPatternWinsOverEveryPrefixRoute() throws Exception {
        // Both the catch-all "/" and the longer "/api/" would match; the pattern is tried first.
        assertThat(get("/api/v7/x")).isEqualTo("second /service/v7/x");
    }

    @Test
    void aPathThePatternDoesNotMatchFallsToTheLongestPrefix() throws Exception {
        assertThat(get("/api/vx/x")).isEqualTo("first /plain/vx/x");
        assertThat(get("/other")).isEqualTo("first /other");
    }

    @Test
    void anEscapedSemicolonInTheKeyIsPartOfThePattern() throws Exception {
        // A raw ";" starts path parameters, which the canonical path drops; an encoded one is part of the name.
        assertThat(get("/m%3Bv=3/x")).isEqualTo("second /matrix/m%3Bv=3/x");
        assertThat(get("/m;v=3/x")).isEqualTo("first /m/x");
    }

    @Test
    void routesFromTheFileAreForwardedBesideThoseOfTheKey() throws Exception {
        assertThat(get("/shop/12/cart?x=1")).isEqualTo("second /stores/12/cart?x=1");
        assertThat(get("/files/report.pdf")).isEqualTo("first /storage/files/report.pdf");
    }
}
