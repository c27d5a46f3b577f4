package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.it.support.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP forwarding as a client sees it, the same on every container: a request under a route reaches the upstream with
 * its path and query under the route's base, its body, and comes back with the upstream's status, headers and body; a
 * path that would leave the route by dot segments, plain or percent-encoded, never reaches the upstream.
 */
@ExtendWith(ArquillianExtension.class)
abstract class ForwardingScenarios {

    /** The upstream every container's route points at: an HTTP server in this JVM, on 127.0.0.1. */
    static final Upstream UPSTREAM = Upstream.start();

    /** The route's environment: {@code /it-forward/} to the upstream's {@code /up/}. */
    static Map<String, String> route() {
        return Map.of("switchboard.forward.routes", "/it-forward/=" + UPSTREAM.base() + "up/");
    }

    @ArquillianResource
    URL base;

    /** Answers every request with what it saw, and remembers the request targets. */
    static final class Upstream {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        private Upstream(HttpServer server) {
            this.server = server;
        }

        static Upstream start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                Upstream upstream = new Upstream(server);
                server.createContext("/", exchange -> {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    String target = exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery());
                    upstream.seen.add(target);
                    byte[] answer = ("upstream saw " + exchange.getRequestMethod() + " " + target + " with "
                                    + body.length + " bytes")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("X-Upstream", "yes");
                    exchange.sendResponseHeaders(201, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                });
                server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                server.start();
                return upstream;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }
    }

    @Test
    void aRequestUnderTheRouteReachesTheUpstreamAndItsAnswerComesBack() {
        HttpResponse<String> response = Http.get(http("it-forward/hello?x=1&y=two"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Upstream")).hasValue("yes");
        assertThat(response.body()).isEqualTo("upstream saw GET /up/hello?x=1&y=two with 0 bytes");
    }

    @Test
    void aPostBodyIsForwarded() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(http("it-forward/orders"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("twelve bytes")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("upstream saw POST /up/orders with 12 bytes");
    }

    @Test
    void aPathLeavingTheRouteByDotSegmentsNeverReachesTheUpstream() {
        for (String escape :
                List.of("it-forward/../secret", "it-forward/%2e%2e/secret", "it-forward/%2E%2E%2Fsecret")) {
            HttpResponse<String> response = Http.get(http(escape));

            assertThat(response.statusCode()).as(escape).isNotEqualTo(201);
        }
        assertThat(UPSTREAM.seen).noneMatch(target -> target.contains("secret"));
    }

    URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }
}
