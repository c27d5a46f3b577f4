package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.testkit.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket over HTTP/2 (RFC 8441, extended CONNECT) and event streams over HTTP/2, next to each other: Jetty's
 * HTTP/2 client, limited to one connection per destination, opens several WebSockets as streams of one connection
 * and fifty event streams as streams of another (the client keeps {@code ws://} and {@code http://} destinations
 * apart), on the cleartext port (h2c with prior knowledge) and on the TLS port (h2 through ALPN).
 */
class WebSocketsAndEventStreamsMultiplexOverHttp2Test {

    private static final Duration DEADLINE = SseClient.DEADLINE;

    @TempDir
    static Path directory;

    private static TestPki pki;
    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(directory);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .tlsPort(0)
                .keystore(pki.signed("server", "CN=localhost", "dns:localhost,ip:127.0.0.1", null, 10))
                .keystorePassword(TestPki.PASSWORD)
                .beanClasses(SseTestProtocol.class)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** Collects the text messages of one WebSocket. */
    @WebSocket
    public static final class Messages {

        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @OnWebSocketMessage
        public void onMessage(String text) {
            received.add(text);
        }

        String next() throws InterruptedException {
            String message = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within %s", DEADLINE).isNotNull();
            return message;
        }
    }

    @Test
    void overCleartextHttp2FiftyEventStreamsAndFiveWebSocketsAreStreamsOfOneConnectionEach() throws Exception {
        multiplexes(URI.create("http://127.0.0.1:" + server.httpUri().getPort()), false);
    }

    @Test
    void overTlsHttp2NegotiatedByAlpnFiftyEventStreamsAndFiveWebSocketsAreStreamsOfOneConnectionEach()
            throws Exception {
        multiplexes(URI.create("https://localhost:" + server.tlsPort().orElseThrow()), true);
    }

    private void multiplexes(URI base, boolean tls) throws Exception {
        HttpClient http = http2Client(tls);
        WebSocketClient webSockets = new WebSocketClient(http);
        webSockets.start();
        try {
            String channel = "h2-" + (tls ? "tls" : "clear");
            List<BufferedReader> streams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                InputStreamResponseListener listener = new InputStreamResponseListener();
                http.newRequest(base.resolve("/sse?channel=" + channel))
                        .headers(headers -> headers.put("Accept", "text/event-stream"))
                        .send(listener);
                Response response = listener.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
                streams.add(
                        new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8)));
            }
            List<Session> sessions = new ArrayList<>();
            List<Messages> messages = new ArrayList<>();
            URI ws = URI.create((tls ? "wss" : "ws") + "://" + base.getAuthority() + "/");
            for (int i = 0; i < 5; i++) {
                Messages endpoint = new Messages();
                ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
                upgrade.setSubProtocols(SseTestProtocol.NAME);
                Session session = webSockets.connect(endpoint, ws, upgrade).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                // RFC 8441: an extended CONNECT is answered 200, where an HTTP/1.1 upgrade gets 101.
                assertThat(session.getUpgradeResponse().getStatusCode()).isEqualTo(200);
                assertThat(session.getUpgradeResponse().getAcceptedSubProtocol())
                        .isEqualTo(SseTestProtocol.NAME);
                session.sendText("sub " + channel, Callback.NOOP);
                assertThat(endpoint.next()).isEqualTo("ok [" + channel + "]");
                sessions.add(session);
                messages.add(endpoint);
            }
            assertThat(connectionsPerDestination(http)).containsExactly(1, 1);

            sessions.get(0).sendText("publish " + channel + " over one connection", Callback.NOOP);

            // The publisher's answer counts the deliveries, 50 event streams and 5 WebSockets; its own copy of the
            // publication may come before it.
            assertThat(List.of(messages.get(0).next(), messages.get(0).next()))
                    .containsExactlyInAnyOrder("ok 55", channel + "|over one connection");
            for (Messages endpoint : messages.subList(1, messages.size())) {
                assertThat(endpoint.next()).isEqualTo(channel + "|over one connection");
            }
            List<CompletableFuture<String>> events = new ArrayList<>();
            for (BufferedReader stream : streams) {
                events.add(CompletableFuture.supplyAsync(() -> dataLine(stream, "data: over one connection")));
            }
            for (CompletableFuture<String> event : events) {
                assertThat(event.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("data: over one connection");
            }
            assertThat(connectionsPerDestination(http)).containsExactly(1, 1);
        } finally {
            webSockets.stop();
            http.stop();
        }
    }

    /** Reads the stream, past the opening event that names the connection, up to the expected data line. */
    private static String dataLine(BufferedReader stream, String expected) {
        try {
            for (String line = stream.readLine(); line != null; line = stream.readLine()) {
                if (line.equals(expected)) {
                    return line;
                }
            }
            return "the stream ended";
        } catch (java.io.IOException e) {
            return "the stream failed: " + e;
        }
    }

    private static HttpClient http2Client(boolean tls) throws Exception {
        ClientConnector connector = new ClientConnector();
        if (tls) {
            SslContextFactory.Client context = new SslContextFactory.Client();
            context.setSslContext(pki.client(null));
            connector.setSslContextFactory(context);
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
        // One connection per destination: were the streams not multiplexed, the first event stream, which never ends,
        // would hold it and every later request would wait.
        http.setMaxConnectionsPerDestination(1);
        http.start();
        return http;
    }

    /** The connections of each destination: the event streams' and the WebSockets'. */
    private static List<Integer> connectionsPerDestination(HttpClient http) {
        List<Integer> counts = new ArrayList<>();
        for (Destination destination : http.getDestinations()) {
            counts.add(((AbstractConnectionPool) destination.getConnectionPool()).getConnectionCount());
        }
        return counts;
    }
}
