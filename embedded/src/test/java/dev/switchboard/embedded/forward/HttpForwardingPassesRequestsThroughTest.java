package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP routes forward method, path, query, body, status and headers; drop hop-by-hop headers; add the
 * forwarding headers; rewrite redirects when asked; answer 502/504 on upstream failures; and cancel the upstream
 * exchange when the client goes away.
 */
class HttpForwardingPassesRequestsThroughTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** What the upstream saw of one request. */
    record Seen(String method, URI uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final BlockingQueue<Seen> SEEN = new LinkedBlockingQueue<>();
    private static final CompletableFuture<Throwable> ENDLESS_FAILED = new CompletableFuture<>();
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
    /** Uploads the {@code /sink} context received: how the body ended and how many bytes came first. */
    private static final BlockingQueue<SinkEnd> SINK_ENDS = new LinkedBlockingQueue<>();

    private static final AtomicLong SINK_RECEIVED = new AtomicLong();

    /** How one upload ended at the upstream: {@code failure} null when the body ended as if complete. */
    record SinkEnd(long bytes, Throwable failure) {}

    private static HttpServer upstream;
    private static SwitchboardServer server;
    private static HttpClient client;
    private static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", HttpForwardingPassesRequestsThroughTest::echo);
        upstream.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/target?x=1");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        upstream.createContext("/slow", exchange -> {
            try {
                RELEASE_SLOW.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        upstream.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long i = 0; i < 1_000_000; i++) {
                    out.write(chunk);
                }
                ENDLESS_FAILED.complete(null);
            } catch (IOException e) {
                ENDLESS_FAILED.complete(e);
            }
        });
        upstream.createContext("/sink", exchange -> {
            long bytes = 0;
            Throwable failure = null;
            byte[] buffer = new byte[8192];
            try (InputStream in = exchange.getRequestBody()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    bytes += n;
                    SINK_RECEIVED.set(bytes);
                }
            } catch (IOException e) {
                failure = e;
            }
            SINK_ENDS.add(new SinkEnd(bytes, failure));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/legacy/=" + base + "/ redirects=rewrite;"
                                + "/kept=" + base + "/app strip=false;"
                                + "/slow/=" + base + "/slow timeout=300ms;"
                                + "/down/=http://127.0.0.1:" + deadPort + "/")
                .build();
        server.start();
        client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
    }

    @AfterAll
    static void stop() throws Exception {
        RELEASE_SLOW.countDown();
        client.close();
        server.stop();
        upstream.stop(0);
    }

    private static int port() {
        return upstream.getAddress().getPort();
    }

    private static void echo(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SEEN.add(new Seen(
                exchange.getRequestMethod(), exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()), body));
        byte[] answer = ("upstream got " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Upstream", "yes");
        exchange.getResponseHeaders().add("X-Drop-Me", "secret");
        exchange.getResponseHeaders().add("Connection", "X-Drop-Me");
        exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
        exchange.sendResponseHeaders(201, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static Seen seen() throws InterruptedException {
        Seen seen = SEEN.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(seen).as("request seen by the upstream").isNotNull();
        return seen;
    }

    @Test
    void thePrefixIsStrippedAndMethodQueryBodyStatusAndHeadersPassThrough() throws Exception {
        SEEN.clear();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(uri("/legacy/a?b=1&c=%20"))
                        .method("PUT", HttpRequest.BodyPublishers.ofString("hello"))
                        .header("X-Custom", "kept")
                        .header("Content-Type", "text/plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("upstream got PUT /a?b=1&c=%20 hello");
        assertThat(response.headers().firstValue("X-Upstream")).contains("yes");
        Seen seen = seen();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.uri().getRawPath()).isEqualTo("/a");
        assertThat(seen.uri().getRawQuery()).isEqualTo("b=1&c=%20");
        assertThat(seen.header("X-Custom")).isEqualTo("kept");
        assertThat(seen.header("Content-Type")).isEqualTo("text/plain");
        assertThat(seen.header("Content-Length")).isEqualTo("5");
    }

    @Test
    void withoutStrippingThePrefixIsKeptBehindTheBasePath() throws Exception {
        SEEN.clear();
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri("/kept/x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(seen().uri().getRawPath()).isEqualTo("/app/kept/x");
    }

    @Test
    void hopByHopHeadersAndHeadersNamedInConnectionAreDroppedBothWays() throws Exception {
        SEEN.clear();
        // A raw request, because the JDK client refuses to send Connection and other hop-by-hop headers.
        String response;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream()
                    .write(("GET /legacy/hop HTTP/1.1\r\nHost: portal.test:8080\r\n"
                                    + "Connection: close, X-Private\r\nX-Private: nope\r\nKeep-Alive: 300\r\nTE: trailers\r\n"
                                    + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nX-Public: yes\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        Seen seen = seen();
        assertThat(seen.header("X-Public")).isEqualTo("yes");
        assertThat(seen.header("X-Private")).isNull();
        assertThat(seen.header("Keep-Alive")).isNull();
        assertThat(seen.header("TE")).isNull();
        assertThat(seen.header("Proxy-Authorization")).isNull();
        assertThat(response).startsWith("HTTP/1.1 201");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("x-upstream: yes").doesNotContain("x-drop-me").doesNotContain("keep-alive");
    }

    @Test
    void forwardingHeadersNameTheClientTheSchemeAndTheOriginalHost() throws Exception {
        SEEN.clear();
        client.send(
                HttpRequest.newBuilder(uri("/legacy/fwd"))
                        .header("X-Forwarded-For", "10.1.2.3")
                        .header("Forwarded", "for=10.1.2.3")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        Seen seen = seen();
        String host = "127.0.0.1:" + server.port();
        assertThat(seen.header("X-Forwarded-For"))
                .as("the client's own claim is not passed on")
                .isEqualTo("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Host")).isEqualTo(host);
        assertThat(seen.header("Forwarded")).isEqualTo("for=127.0.0.1;host=\"" + host + "\";proto=http");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + port());
    }

    @Test
    void aRedirectToTheUpstreamIsRewrittenToThePublicOrigin() throws Exception {
        HttpResponse<Void> response = client.send(
                HttpRequest.newBuilder(uri("/legacy/redirect")).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .contains("http://127.0.0.1:" + server.port() + "/legacy/target?x=1");
    }

    @Test
    void aRefusedConnectionIsA502WithAShortBody() throws Exception {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri("/down/x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("Bad Gateway").contains("/down/");
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsA504() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri("/slow/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("Gateway Timeout").contains("/slow/");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void unmatchedPathsAreNotForwarded() throws Exception {
        SEEN.clear();
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri("/legacyx/a")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SEEN).isEmpty();
    }

    @Test
    void theClientGoingAwayCancelsTheUpstreamExchange() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write(("GET /legacy/endless HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(100_000)).hasSize(100_000);
        }
        // The upstream writes ~8 GB unless the proxy cancels; a failed write is the cancellation it sees.
        Throwable failure = ENDLESS_FAILED.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(IOException.class);
    }

    @Test
    void theClientAbortingAChunkedUploadCancelsTheUpstreamRequest() throws Exception {
        SinkEnd end = abortUpload("Transfer-Encoding: chunked", true);

        // A cleanly ended body would make the truncated upload look complete to the upstream.
        assertThat(end.failure())
                .as("the upstream's request body fails; it read %d bytes", end.bytes())
                .isInstanceOf(IOException.class);
    }

    @Test
    void theClientAbortingAnUploadWithAContentLengthCancelsTheUpstreamRequest() throws Exception {
        SinkEnd end = abortUpload("Content-Length: " + (64L * 1024 * 1024), false);

        assertThat(end.bytes()).isLessThan(64L * 1024 * 1024);
        assertThat(end.failure())
                .as("the upstream's request body fails; it read %d bytes", end.bytes())
                .isInstanceOf(IOException.class);
    }

    /**
     * Starts an upload over a raw socket (the JDK client cannot abandon a body half-way), waits until the upstream
     * has received part of it, closes the socket and returns how the upstream's request body ended.
     */
    private SinkEnd abortUpload(String framing, boolean chunked) throws Exception {
        SINK_ENDS.clear();
        SINK_RECEIVED.set(0);
        byte[] data = new byte[16 * 1024];
        Instant deadline = Instant.now().plus(DEADLINE);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /legacy/sink HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Keep sending until the upstream has seen a good part of the body: the exchange is then under way.
            while (SINK_RECEIVED.get() < 256 * 1024) {
                if (chunked) {
                    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(data);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                assertThat(Instant.now()).as("upstream receiving the upload").isBefore(deadline);
            }
        }
        SinkEnd end = SINK_ENDS.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(end)
                .as("the upstream's request body ended within %s", DEADLINE)
                .isNotNull();
        return end;
    }
}
