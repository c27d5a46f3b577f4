package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestCertificates;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureLinkVerifiesTheServerCertificateTest {

    @TempDir
    static Path dir;

    static TestCertificates certificates;
    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.localhost(dir);
        server = TestServers.start(builder -> builder.tlsPort(0)
                .keystore(certificates.keyStore)
                .keystorePassword(TestCertificates.PASSWORD)
                .keystoreType("PKCS12"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    private static String wss(String host) {
        return "wss://" + host + ":" + server.tlsPort().orElseThrow() + "/";
    }

    private static LinkOptions.Builder trusting(String host) {
        return LinkOptions.builder(wss(host))
                .subprotocols(TestServers.SGC)
                .trustStore(certificates.trustStore, TestCertificates.PASSWORD, "PKCS12")
                .maxAttempts(1);
    }

    @Test
    void aTrustedCertificateForTheHostOpensTheLink() {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(trusting("localhost").build(), listener)) {
            LinkSession session = listener.awaitOpened(1);

            assertThat(session.transport()).isEqualTo("websocket");
            assertThat(session.url().getScheme()).isEqualTo("wss");
            link.send(TestServers.subscribe("tls", "t1"));
            listener.awaitText("an answer over TLS", text -> text.contains("\"id\":\"t1\""));
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedUnlessVerificationIsOff() {
        RecordingListener refused = new RecordingListener();
        try (Link link = Links.open(trusting("127.0.0.1").build(), refused)) {
            LinkClosed closed = refused.awaitClosed(1);
            assertThat(closed.retrying()).isFalse();
            assertThat(closed.wasOpen()).isFalse();
            assertThat(refused.sessions).isEmpty();
        }

        // The server itself refuses (400) a request whose Host its certificate does not name, so the link names
        // the host in a header while it connects to the address.
        RecordingListener accepted = new RecordingListener();
        try (Link link = Links.open(
                trusting("127.0.0.1")
                        .hostnameVerification(false)
                        .header("Host", "localhost:" + server.tlsPort().orElseThrow())
                        .build(),
                accepted)) {
            accepted.awaitOpened(1);
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        RecordingListener listener = new RecordingListener();
        LinkOptions options = LinkOptions.builder(wss("localhost"))
                .subprotocols(TestServers.SGC)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .maxAttempts(2)
                .build();
        try (Link link = Links.open(options, listener)) {
            LinkClosed last = listener.awaitClosed(2);

            assertThat(last.retrying()).isFalse();
            assertThat(listener.sessions).isEmpty();
            assertThat(listener.closes.get(0).reason()).contains("certification path");
        }
    }
}
