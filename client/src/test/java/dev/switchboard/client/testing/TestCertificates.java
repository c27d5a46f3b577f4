package dev.switchboard.client.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed server certificate for {@code localhost} only, and a trust store holding it, made by keytool. */
public final class TestCertificates {

    /** The password of both stores. */
    public static final String PASSWORD = "test-secret";

    /** The server's key store (PKCS12). */
    public final Path keyStore;

    /** A trust store (PKCS12) with the server's certificate. */
    public final Path trustStore;

    private TestCertificates(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** Makes both stores in {@code directory}. The certificate names {@code localhost} and no IP address. */
    public static TestCertificates localhost(Path directory) throws IOException, InterruptedException {
        Path keyStore = directory.resolve("server.p12");
        Path certificate = directory.resolve("server.crt");
        Path trustStore = directory.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return new TestCertificates(keyStore, trustStore);
    }

    /**
     * A client certificate ({@code CN=link-client}) in {@code client.p12}, and a trust store {@code
     * client-trust.p12} holding it for a server that checks client certificates.
     *
     * @return the key store and the trust store, in that order
     */
    public static Path[] client(Path directory) throws IOException, InterruptedException {
        Path keyStore = directory.resolve("client.p12");
        Path certificate = directory.resolve("client.crt");
        Path trustStore = directory.resolve("client-trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=link-client",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "client",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "client",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return new Path[] {keyStore, trustStore};
    }

    /** An SSL context with {@code keyStore}'s key and trusting {@code trustStore}'s certificates. */
    public static javax.net.ssl.SSLContext context(Path keyStore, Path trustStore) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        javax.net.ssl.KeyManagerFactory keyManagers =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        java.security.KeyStore trusted =
                java.security.KeyStore.getInstance(trustStore.toFile(), PASSWORD.toCharArray());
        javax.net.ssl.TrustManagerFactory trustManagers =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
