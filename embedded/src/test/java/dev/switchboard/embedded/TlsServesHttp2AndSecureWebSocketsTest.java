package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsServesHttp2AndSecureWebSocketsTest {

    private static final String PASSWORD = "test-secret";

    @TempDir
    static Path directory;

    private static SwitchboardServer server;
    private static SSLContext trustingTheServer;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = directory.resolve("server.p12");
        generateKeystore(keystore);
        trustingTheServer = sslContextTrusting(keystore);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .tlsPort(0)
                .keystore(keystore)
                .keystorePassword(PASSWORD)
                .keystoreType("PKCS12")
                .beanClasses(EchoTestProtocol.class)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void h2IsNegotiatedThroughAlpn() throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(trustingTheServer)
                .version(HttpClient.Version.HTTP_2)
                .build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(https("/health"))
                            .timeout(TestClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void http11IsStillOfferedOverTls() throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(trustingTheServer)
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(https("/health"))
                            .timeout(TestClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void secureWebSocketHandshakeSucceedsAndCarriesMessages() throws Exception {
        URI wss = URI.create("wss://localhost:" + server.tlsPort().orElseThrow() + "/");
        try (HttpClient client =
                        HttpClient.newBuilder().sslContext(trustingTheServer).build();
                TestClient.Recorder recorder = TestClient.connect(client, wss, EchoTestProtocol.NAME)) {

            assertThat(recorder.socket.getSubprotocol()).isEqualTo(EchoTestProtocol.NAME);
            recorder.socket.sendText("over tls", true).get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(recorder.nextText()).startsWith("echo:over tls");
        }
    }

    private static URI https(String path) {
        return URI.create("https://localhost:" + server.tlsPort().orElseThrow() + path);
    }

    /** A self-signed certificate for localhost and 127.0.0.1, made by the running JDK's keytool. */
    private static void generateKeystore(Path keystore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "switchboard",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
        assertThat(Files.size(keystore)).isPositive();
    }

    private static SSLContext sslContextTrusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
