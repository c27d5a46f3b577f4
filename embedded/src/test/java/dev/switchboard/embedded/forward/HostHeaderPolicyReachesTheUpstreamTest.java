package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.embedded.testing.ChildServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream sees the {@code Host} each route's policy asks for, over HTTP and in a relayed WebSocket handshake.
 *
 * <p>The proxy runs in a JVM of its own started without {@code -Djdk.httpclient.allowRestrictedHeaders}: the JDK
 * reads that property once per JVM, so only a fresh JVM shows that the embedded server sets it early enough (in
 * this test JVM another test's HTTP client may have read it first).
 */
class HostHeaderPolicyReachesTheUpstreamTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Host headers of the WebSocket handshakes the upstream received. */
    private static final BlockingQueue<String> HANDSHAKE_HOSTS = new LinkedBlockingQueue<>();

    @TempDir
    static Path directory;

    private static HttpServer upstream;
    private static ChildServer proxy;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext(
                "/",
                exchange -> answer(exchange, 200, exchange.getRequestHeaders().getFirst("Host")));
        upstream.createContext("/ws", exchange -> {
            // Seeing the handshake is enough; refusing it keeps the upstream free of a WebSocket implementation.
            HANDSHAKE_HOSTS.add(exchange.getRequestHeaders().getFirst("Host"));
            answer(exchange, 403, "no");
        });
        upstream.start();
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        proxy = ChildServer.start(
                directory.resolve("proxy.log"),
                "-Dswitchboard.forward.routes=/own/=" + base + "/;"
                        + "/keep/=" + base + "/ host=preserve;"
                        + "/fixed/=" + base + "/ host=legacy.internal:8081;"
                        + "/ws-keep/=" + base + "/ws host=preserve;"
                        + "/ws-fixed/=" + base + "/ws host=legacy.internal");
        port = proxy.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        upstream.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One request over a raw socket, so the test chooses the Host header the proxy receives. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String hostSeenFor(String path) throws IOException {
        String response = exchange("GET " + path + " HTTP/1.1\r\nHost: portal.test:8443\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String handshakeHostSeenFor(String path) throws Exception {
        HANDSHAKE_HOSTS.clear();
        // "close" as well, so the proxy ends the connection after its answer and the whole answer can be read.
        String response = exchange("GET " + path + " HTTP/1.1\r\nHost: portal.test:8443\r\n"
                + "Connection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertThat(response).as("the upstream refused the handshake").startsWith("HTTP/1.1 502");
        String host = HANDSHAKE_HOSTS.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(host)
                .as("handshake seen by the upstream; log:%n%s", proxy.log())
                .isNotNull();
        return host;
    }

    @Test
    void byDefaultTheUpstreamSeesItsOwnAuthority() throws Exception {
        assertThat(hostSeenFor("/own/x"))
                .isEqualTo("127.0.0.1:" + upstream.getAddress().getPort());
    }

    @Test
    void preserveSendsTheClientsHost() throws Exception {
        assertThat(hostSeenFor("/keep/x")).isEqualTo("portal.test:8443");
    }

    @Test
    void aFixedNameIsSentAsConfigured() throws Exception {
        assertThat(hostSeenFor("/fixed/x")).isEqualTo("legacy.internal:8081");
    }

    @Test
    void aRelayedWebSocketHandshakeCarriesTheHostThePolicyAsksFor() throws Exception {
        assertThat(handshakeHostSeenFor("/ws-keep/")).isEqualTo("portal.test:8443");
        assertThat(handshakeHostSeenFor("/ws-fixed/")).isEqualTo("legacy.internal");
    }
}
