package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.it.app.identity.IdentityProtocol;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutual TLS on WildFly: an Undertow HTTPS listener whose Elytron SSL context wants a client certificate and trusts a
 * test CA (made with keytool when the class loads), configured by management operations before the EAR is deployed
 * and undone afterwards; Switchboard maps the certificate the container verified
 * ({@code jakarta.servlet.request.X509Certificate}) to the connection's identity ({@code switchboard.auth.client-cert},
 * subject CN by default), with roles from the roles file. Real JDK clients present a valid, an untrusted and an
 * expired certificate, and none.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ClientCertificatesBecomeIdentitiesOverMutualTlsOnWildFlyIT.MutualTlsListener.class)
class ClientCertificatesBecomeIdentitiesOverMutualTlsOnWildFlyIT {

    /** The listener's port before WildFly's port offset. */
    private static final int PORT = 8445;

    private static final Path DIRECTORY;
    private static final TestPki PKI;
    private static final Path SERVER;
    private static final Path ALICE;
    private static final Path EXPIRED;
    private static final Path UNTRUSTED;
    private static final Path ROLES;

    static {
        try {
            // Next to the deployments in the build directory: the server reads the stores from there.
            DIRECTORY = Files.createTempDirectory(
                    Path.of(System.getProperty("switchboard.it.deployments")).getParent(), "mtls-");
            PKI = new TestPki(DIRECTORY);
            SERVER = PKI.signed("server", "CN=localhost", "dns:localhost,ip:127.0.0.1", null, 10);
            ALICE = PKI.signed("alice", "CN=alice,OU=Sales,O=Example", "email:alice@example.com", null, 10);
            EXPIRED = PKI.signed("eve", "CN=eve,O=Example", null, "-5d", 1);
            UNTRUSTED = PKI.selfSigned("mallory", "CN=alice,O=Example");
            ROLES = DIRECTORY.resolve("certificate-roles");
            Files.writeString(ROLES, "# roles user\nadmin,user alice\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("The test PKI could not be made", e);
        }
    }

    /**
     * The HTTPS listener {@code https-mtls}: key store, trust store, their managers, a server SSL context that wants
     * client certificates, a socket binding and the listener, as docs/authentication.md lists them for jboss-cli.
     * The snapshot restores the configuration before (with a reload) when the class is done.
     */
    public static class MutualTlsListener extends SnapshotServerSetupTask {

        @Override
        protected void doSetup(ManagementClient client, String container) throws Exception {
            ModelNode keys = add("subsystem", "elytron", "key-store", "switchboard-mtls-keys");
            keys.get("path").set(SERVER.toString());
            keys.get("type").set("PKCS12");
            keys.get("credential-reference", "clear-text").set(TestPki.PASSWORD);
            executeOperation(client, keys);

            ModelNode trust = add("subsystem", "elytron", "key-store", "switchboard-mtls-trust");
            trust.get("path").set(PKI.truststore().toString());
            trust.get("type").set("PKCS12");
            trust.get("credential-reference", "clear-text").set(TestPki.PASSWORD);
            executeOperation(client, trust);

            ModelNode keyManager = add("subsystem", "elytron", "key-manager", "switchboard-mtls");
            keyManager.get("key-store").set("switchboard-mtls-keys");
            keyManager.get("credential-reference", "clear-text").set(TestPki.PASSWORD);
            executeOperation(client, keyManager);

            ModelNode trustManager = add("subsystem", "elytron", "trust-manager", "switchboard-mtls");
            trustManager.get("key-store").set("switchboard-mtls-trust");
            executeOperation(client, trustManager);

            ModelNode context = add("subsystem", "elytron", "server-ssl-context", "switchboard-mtls");
            context.get("key-manager").set("switchboard-mtls");
            context.get("trust-manager").set("switchboard-mtls");
            context.get("want-client-auth").set(true);
            executeOperation(client, context);

            ModelNode binding = add("socket-binding-group", "standard-sockets", "socket-binding", "https-mtls");
            binding.get("port").set(PORT);
            executeOperation(client, binding);

            ModelNode listener =
                    add("subsystem", "undertow", "server", "default-server", "https-listener", "https-mtls");
            listener.get("socket-binding").set("https-mtls");
            listener.get("ssl-context").set("switchboard-mtls");
            executeOperation(client, listener);
        }

        private static ModelNode add(String... address) {
            return Operations.createAddOperation(Operations.createAddress(address));
        }
    }

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithClientCertificateRoles(ROLES);
    }

    @Test
    void aVerifiedCertificatesCommonNameIsTheWebSocketsIdentityWithRolesFromTheRolesFile() throws Exception {
        String identity = whoAmI(PKI.client(ALICE));

        assertThat(identity).startsWith("alice|admin,user|client-cert|");
        // The identity expires with the certificate (ten days from now), not never.
        assertThat(identity).doesNotEndWith("|never");
    }

    @Test
    void aClientWithoutACertificateConnectsAnonymouslyOverTheSameListener() throws Exception {
        assertThat(whoAmI(PKI.client(null))).isEqualTo("anonymous");
    }

    @Test
    void anUntrustedCertificateNamingTheSameUserIsRefusedAtTheHandshake() throws Exception {
        SSLContext context = PKI.client(UNTRUSTED);

        assertThatThrownBy(() -> whoAmI(context)).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateOfTheTrustedCaIsRefusedAtTheHandshake() throws Exception {
        SSLContext context = PKI.client(EXPIRED);

        assertThatThrownBy(() -> whoAmI(context)).hasRootCauseInstanceOf(IOException.class);
    }

    /** Opens a WebSocket to the identity probe over the mutual-TLS listener and returns the identity it reports. */
    private String whoAmI(SSLContext context) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Eventually.DEADLINE)
                .build()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .subprotocols(IdentityProtocol.NAME)
                    .buildAsync(wss(), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            answer.complete(data.toString());
                            return null;
                        }
                    })
                    .get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try {
                socket.sendText("who", true);
                return answer.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } finally {
                socket.abort();
            }
        }
    }

    /** The deployment's root over the mutual-TLS listener: its port, after the server's port offset. */
    private URI wss() {
        int offset = Integer.parseInt(System.getProperty("wildfly.port.offset", "0"));
        return URI.create("wss://" + base.getHost() + ":" + (PORT + offset) + "/");
    }
}
