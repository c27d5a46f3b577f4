package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.ClientCertificateServer;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Switchboard server cannot require client certificates, so a small TLS server that does stands in:
 * it shows which certificate the link presented.
 */
class ClientCertificateIsPresentedFromTheKeyStoreTest {

    @TempDir
    static Path dir;

    static TestCertificates server;
    static Path clientKeyStore;
    static Path clientTrust;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.localhost(dir);
        Path[] client = TestCertificates.client(dir);
        clientKeyStore = client[0];
        clientTrust = client[1];
    }

    private static LinkOptions.Builder options(int port) {
        return LinkOptions.builder("wss://localhost:" + port + "/")
                .transports(LinkTransport.WEBSOCKET)
                .trustStore(server.trustStore, TestCertificates.PASSWORD, "PKCS12")
                .maxAttempts(1);
    }

    @Test
    void theKeyStoresCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        try (ClientCertificateServer tls =
                new ClientCertificateServer(TestCertificates.context(server.keyStore, clientTrust))) {
            RecordingListener listener = new RecordingListener();
            try (Link link = Links.open(
                    options(tls.port())
                            .keyStore(clientKeyStore, TestCertificates.PASSWORD, "PKCS12")
                            .build(),
                    listener)) {
                assertThat(listener.awaitClosed(1).reason()).contains("HTTP 403");
            }

            assertThat(tls.subjects()).containsExactly("CN=link-client");
        }
    }

    @Test
    void withoutAKeyStoreTheHandshakeFails() throws Exception {
        try (ClientCertificateServer tls =
                new ClientCertificateServer(TestCertificates.context(server.keyStore, clientTrust))) {
            RecordingListener listener = new RecordingListener();
            try (Link link = Links.open(options(tls.port()).build(), listener)) {
                assertThat(listener.awaitClosed(1).retrying()).isFalse();
            }

            Await.until(
                    "the server saw the failed handshake", () -> !tls.failures().isEmpty());
            assertThat(tls.subjects()).isEmpty();
        }
    }
}
