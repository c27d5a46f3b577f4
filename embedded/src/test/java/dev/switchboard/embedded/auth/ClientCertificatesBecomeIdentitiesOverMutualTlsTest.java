package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.testkit.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the embedded server: certificates made by a test CA with keytool, a server that wants a client
 * certificate and one that needs it, real JDK clients presenting a valid, an untrusted and an expired certificate.
 */
class ClientCertificatesBecomeIdentitiesOverMutualTlsTest {

    @TempDir
    static Path directory;

    private static TestPki pki;
    private static Path alice;
    private static Path expired;
    private static Path untrusted;
    private static SwitchboardServer wanting;
    private static SwitchboardServer needing;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(directory);
        Path serverKeys = pki.signed("server", "CN=localhost", "dns:localhost,ip:127.0.0.1", null, 10);
        alice = pki.signed("alice", "CN=alice,OU=Sales,O=Example", "email:alice@example.com", null, 10);
        expired = pki.signed("eve", "CN=eve,O=Example", null, "-5d", 1);
        untrusted = pki.selfSigned("mallory", "CN=alice,O=Example");
        Path roles = directory.resolve("certificate-roles");
        Files.writeString(roles, "# roles user\nadmin,user alice\n");
        wanting = server("want", serverKeys, roles);
        needing = server("need", serverKeys, roles);
    }

    private static SwitchboardServer server(String mode, Path keys, Path roles) throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .tlsPort(0)
                .keystore(keys)
                .keystorePassword(TestPki.PASSWORD)
                .clientAuth(mode, pki.truststore(), TestPki.PASSWORD, "PKCS12")
                .environmentEntry(ConfigKeys.AUTH_CLIENT_CERT_ROLES, roles.toString())
                .beanClasses(IdentityProbeProtocol.class)
                .build();
        server.start();
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        for (SwitchboardServer server : new SwitchboardServer[] {wanting, needing}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void aVerifiedCertificatesCommonNameIsTheWebSocketsIdentityWithRolesFromTheRolesFile() throws Exception {
        String identity = whoAmI(wanting, pki.client(alice));

        assertThat(identity).startsWith("alice|admin,user|client-cert|");
        // The identity expires with the certificate (ten days from now), not never.
        assertThat(identity).doesNotContain("|never");
    }

    @Test
    void aVerifiedCertificateOpensTheAdminApiToItsRoleOverHttps() throws Exception {
        HttpResponse<String> withCertificate = get(wanting, pki.client(alice), "/admin/api/connections");
        HttpResponse<String> without = get(wanting, pki.client(null), "/admin/api/connections");

        assertThat(withCertificate.statusCode()).isEqualTo(200);
        assertThat(without.statusCode()).isEqualTo(401);
    }

    @Test
    void withWantAClientWithoutACertificateConnectsAnonymously() throws Exception {
        assertThat(whoAmI(wanting, pki.client(null))).isEqualTo("anonymous");
    }

    @Test
    void withNeedTheHandshakeFailsWithoutACertificateAndSucceedsWithOne() throws Exception {
        assertThatThrownBy(() -> get(needing, pki.client(null), "/health")).isInstanceOf(IOException.class);
        assertThat(whoAmI(needing, pki.client(alice))).startsWith("alice|admin,user|client-cert|");
    }

    @Test
    void anUntrustedCertificateNamingTheSameUserIsRefusedAtTheHandshake() throws Exception {
        for (SwitchboardServer server : new SwitchboardServer[] {wanting, needing}) {
            SSLContext context = pki.client(untrusted);
            assertThatThrownBy(() -> get(server, context, "/health")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> whoAmI(server, context)).hasRootCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void anExpiredCertificateOfTheTrustedCaIsRefusedAtTheHandshake() throws Exception {
        for (SwitchboardServer server : new SwitchboardServer[] {wanting, needing}) {
            SSLContext context = pki.client(expired);
            assertThatThrownBy(() -> get(server, context, "/health")).isInstanceOf(IOException.class);
        }
    }

    private static HttpResponse<String> get(SwitchboardServer server, SSLContext context, String path)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(TestClient.DEADLINE)
                .build()) {
            return client.send(
                    HttpRequest.newBuilder(https(server, path))
                            .timeout(TestClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Opens a WebSocket to the identity probe and returns the identity it reports, without the request URI. */
    private static String whoAmI(SwitchboardServer server, SSLContext context) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(TestClient.DEADLINE)
                .build()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .subprotocols(IdentityProbeProtocol.NAME)
                    .buildAsync(
                            URI.create("wss://localhost:" + server.tlsPort().orElseThrow() + "/"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    answer.complete(data.toString());
                                    return null;
                                }
                            })
                    .get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            socket.sendText("who", true);
            String reply = answer.get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            socket.abort();
            return reply.substring(0, reply.indexOf(' '));
        }
    }

    private static URI https(SwitchboardServer server, String path) {
        return URI.create("https://localhost:" + server.tlsPort().orElseThrow() + path);
    }
}
