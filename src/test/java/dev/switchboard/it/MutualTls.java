package dev.switchboard.it;

import dev.switchboard.it.app.identity.IdentityProtocol;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.testkit.TestPki;
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
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * What the mutual-TLS scenarios on WildFly share: one test PKI made with keytool in the build directory (the server
 * reads its stores from there), the server setups, and a WebSocket client of the identity probe.
 */
final class MutualTls {

    /** The mutual-TLS listener's port before WildFly's port offset. */
    static final int PORT = 8445;

    static final TestPki PKI;
    /** The server's key and certificate (CN=localhost, SAN 127.0.0.1). */
    static final Path SERVER;
    /** A valid client certificate the CA signed: CN=alice. */
    static final Path ALICE;
    /** A certificate the CA signed that expired four days ago: CN=eve. */
    static final Path EXPIRED;
    /** A self-signed certificate naming CN=alice, which the trust store does not know. */
    static final Path UNTRUSTED;
    /** The roles file of {@code switchboard.auth.client-cert.roles}: admin and user for alice. */
    static final Path ROLES;

    private static final Path DIRECTORY;

    static {
        try {
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

    private MutualTls() {}

    /**
     * The HTTPS listener {@code https-mtls}: key store, trust store, their managers, a server SSL context that wants
     * client certificates, a socket binding and the listener, as docs/authentication.md lists them for jboss-cli.
     * The snapshot restores the configuration from before (with a reload) when the test class is done.
     */
    public static class Listener extends SnapshotServerSetupTask {

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

        static ModelNode add(String... address) {
            return Operations.createAddOperation(Operations.createAddress(address));
        }
    }

    /**
     * The listener, and the container's own {@code CLIENT_CERT} login: an application security domain
     * {@code switchboard-certificates} whose users are a filesystem realm's identities named by the certificate
     * subject's CN (alice, roles admin and operator). The TLS layer has verified the chain against the trust store
     * already, so the mechanism only maps it to a user ({@code skip-certificate-verification}).
     */
    public static class ListenerAndCertificateLogin extends Listener {

        @Override
        protected void doSetup(ManagementClient client, String container) throws Exception {
            super.doSetup(client, container);
            ModelNode realm = add("subsystem", "elytron", "filesystem-realm", "switchboard-certificate-users");
            realm.get("path").set(DIRECTORY.resolve("certificate-users").toString());
            executeOperation(client, realm);
            ModelNode identity = Operations.createOperation(
                    "add-identity",
                    Operations.createAddress(
                            "subsystem", "elytron", "filesystem-realm", "switchboard-certificate-users"));
            identity.get("identity").set("alice");
            executeOperation(client, identity);
            ModelNode roles = Operations.createOperation(
                    "add-identity-attribute",
                    Operations.createAddress(
                            "subsystem", "elytron", "filesystem-realm", "switchboard-certificate-users"));
            roles.get("identity").set("alice");
            roles.get("name").set("Roles");
            roles.get("value").add("admin").add("operator");
            executeOperation(client, roles);

            ModelNode decoder = add("subsystem", "elytron", "simple-role-decoder", "switchboard-roles");
            decoder.get("attribute").set("Roles");
            executeOperation(client, decoder);

            ModelNode commonName = add("subsystem", "elytron", "x500-attribute-principal-decoder", "switchboard-cn");
            commonName.get("oid").set("2.5.4.3");
            commonName.get("maximum-segments").set(1);
            executeOperation(client, commonName);

            ModelNode domain = add("subsystem", "elytron", "security-domain", "switchboard-certificates");
            ModelNode realmEntry = new ModelNode();
            realmEntry.get("realm").set("switchboard-certificate-users");
            realmEntry.get("role-decoder").set("switchboard-roles");
            domain.get("realms").add(realmEntry);
            domain.get("default-realm").set("switchboard-certificate-users");
            domain.get("permission-mapper").set("default-permission-mapper");
            domain.get("principal-decoder").set("switchboard-cn");
            executeOperation(client, domain);

            ModelNode mechanisms = add(
                    "subsystem", "elytron", "configurable-http-server-mechanism-factory", "switchboard-certificates");
            mechanisms.get("http-server-mechanism-factory").set("global");
            mechanisms
                    .get("properties", "org.wildfly.security.http.skip-certificate-verification")
                    .set("true");
            executeOperation(client, mechanisms);

            ModelNode factory = add("subsystem", "elytron", "http-authentication-factory", "switchboard-certificates");
            factory.get("security-domain").set("switchboard-certificates");
            factory.get("http-server-mechanism-factory").set("switchboard-certificates");
            ModelNode mechanism = new ModelNode();
            mechanism.get("mechanism-name").set("CLIENT_CERT");
            factory.get("mechanism-configurations").add(mechanism);
            executeOperation(client, factory);

            ModelNode application =
                    add("subsystem", "undertow", "application-security-domain", "switchboard-certificates");
            application.get("http-authentication-factory").set("switchboard-certificates");
            executeOperation(client, application);
        }
    }

    /**
     * Opens a WebSocket to the identity probe over the mutual-TLS listener and returns the identity it reports.
     *
     * @param base    where the deployment is, over plain HTTP
     * @param path    the path to connect to
     * @param context the client's TLS context
     * @return {@code name|roles|method|expiresAt}, or {@code anonymous}
     */
    static String whoAmI(URL base, String path, SSLContext context) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Eventually.DEADLINE)
                .build()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .subprotocols(IdentityProtocol.NAME)
                    .buildAsync(https(base, path, "wss"), new WebSocket.Listener() {
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

    /**
     * A path of the deployment over the mutual-TLS listener: its port, after the server's port offset.
     *
     * @param base   where the deployment is, over plain HTTP
     * @param path   the path, starting with {@code /}
     * @param scheme {@code https} or {@code wss}
     * @return the URI
     */
    static URI https(URL base, String path, String scheme) {
        int offset = Integer.parseInt(System.getProperty("wildfly.port.offset", "0"));
        return URI.create(scheme + "://" + base.getHost() + ":" + (PORT + offset) + path);
    }
}
