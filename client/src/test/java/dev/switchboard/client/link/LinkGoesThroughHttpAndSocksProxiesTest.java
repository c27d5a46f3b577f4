package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.ConnectProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.Socks5TestProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkGoesThroughHttpAndSocksProxiesTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    private static LinkOptions.Builder options() {
        return LinkOptions.builder(TestServers.ws(server))
                .subprotocols(TestServers.SGC)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    private static void opensAndAnswers(LinkOptions options) {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options, listener)) {
            listener.awaitOpened(1);
            link.send(TestServers.subscribe("proxied", "p1"));
            listener.awaitText("an answer through the proxy", text -> text.contains("\"id\":\"p1\""));
        }
    }

    @Test
    void aWebSocketTunnelsThroughAnHttpProxyWithCredentials() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy pw")) {
            opensAndAnswers(options()
                    .proxy(LinkProxy.http("127.0.0.1", proxy.port(), "proxy-user", "proxy pw"))
                    .build());

            assertThat(proxy.tunnels()).contains("127.0.0.1:" + server.port());
            // The credentials went with the first CONNECT, without waiting for a challenge.
            assertThat(proxy.answers()).doesNotContain(407);
        }
    }

    @Test
    void wrongHttpProxyCredentialsOpenNoTunnel() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy pw")) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = options()
                    .proxy(LinkProxy.http("127.0.0.1", proxy.port(), "proxy-user", "wrong"))
                    .maxAttempts(1)
                    .build();
            try (Link link = Links.open(options, listener)) {
                assertThat(listener.awaitClosed(1).retrying()).isFalse();
            }
            assertThat(proxy.tunnels()).isEmpty();
            assertThat(proxy.answers()).contains(407);
        }
    }

    @Test
    void aWebSocketGoesThroughASocks5ProxyWithUserAndPassword() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.withCredentials("socks-user", "socks pw")) {
            opensAndAnswers(options()
                    .proxy(LinkProxy.socks5("127.0.0.1", proxy.port(), "socks-user", "socks pw"))
                    .build());

            assertThat(proxy.logins()).contains("socks-user:socks pw:true");
            assertThat(proxy.connects()).contains("127.0.0.1:" + server.port());
        }
    }

    @Test
    void anSseStreamAndItsPostsTunnelThroughTheHttpProxyToo() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy pw")) {
            opensAndAnswers(options()
                    .transports(LinkTransport.SSE)
                    .proxy(LinkProxy.http("127.0.0.1", proxy.port(), "proxy-user", "proxy pw"))
                    .build());

            // One tunnel for the event stream, at least one more for the POSTs beside it.
            assertThat(proxy.tunnels()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aPostWhoseTunnelIsRefusedIsSentAgainOnANewOne() throws Exception {
        // The first CONNECT carries the event stream, the second is the first POST's: the proxy refuses that one.
        try (ConnectProxy proxy = ConnectProxy.refusingTunnel(2)) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = options()
                    .transports(LinkTransport.SSE)
                    .proxy(LinkProxy.http("127.0.0.1", proxy.port()))
                    .build();
            try (Link link = Links.open(options, listener)) {
                listener.awaitOpened(1);
                link.send(TestServers.subscribe("refused-once", "r1"));
                listener.awaitText("the answer to the frame", text -> text.contains("\"id\":\"r1\""));
                assertThat(listener.dropped).isEmpty();
                assertThat(listener.sessions).hasSize(1);
            }
            assertThat(proxy.answers()).containsSubsequence(200, 503, 200);
        }
    }
}
