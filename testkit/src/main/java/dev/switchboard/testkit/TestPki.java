package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A test certificate authority made with the running JDK's keytool: a CA, a server certificate for 127.0.0.1 and
 * client certificates it signs, an expired one, and a self-signed one no trust store knows. Every store is PKCS12
 * with the password {@value #PASSWORD}.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";

    private final Path directory;
    private final Path ca;

    /**
     * Makes the CA and its trust store ({@code trust.p12}).
     *
     * @param directory where the stores go
     */
    public TestPki(Path directory) throws Exception {
        this.directory = directory;
        this.ca = directory.resolve("ca.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "30",
                "-keystore",
                ca.toString());
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-file",
                directory.resolve("ca.pem").toString());
        importCa(truststore());
    }

    /** Adds the CA's certificate to a store under the alias {@code ca}. */
    private void importCa(Path store) throws Exception {
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                directory.resolve("ca.pem").toString(),
                "-keystore",
                store.toString());
    }

    /** The trust store holding the CA's certificate, for the server and for clients. */
    public Path truststore() {
        return directory.resolve("trust.p12");
    }

    /**
     * A key store with a key and a certificate the CA signed.
     *
     * @param name       the store's name and the certificate's alias
     * @param dname      the subject
     * @param san        the subject alternative names ({@code -ext SAN=...} syntax), or null
     * @param startDate  keytool's {@code -startdate} (e.g. {@code -5d}), or null for now
     * @param validDays  days of validity
     * @return the key store
     */
    public Path signed(String name, String dname, String san, String startDate, int validDays) throws Exception {
        Path store = keyPair(name, dname);
        Path request = directory.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        Path certificate = directory.resolve(name + ".pem");
        List<String> sign = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-infile",
                request.toString(),
                "-outfile",
                certificate.toString(),
                "-validity",
                String.valueOf(validDays)));
        if (san != null) {
            sign.addAll(List.of("-ext", "SAN=" + san));
        }
        if (startDate != null) {
            sign.addAll(List.of("-startdate", startDate));
        }
        keytool(sign.toArray(String[]::new));
        // The CA's certificate first, so that the signed reply chains to it.
        importCa(store);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                certificate.toString(),
                "-keystore",
                store.toString());
        return store;
    }

    /**
     * A key store with a self-signed certificate, which the CA's trust store does not know.
     *
     * @param name  the store's name
     * @param dname the subject
     * @return the key store
     */
    public Path selfSigned(String name, String dname) throws Exception {
        return keyPair(name, dname);
    }

    /** A store with a new EC P-256 key pair and its self-signed certificate, valid for 30 days. */
    private Path keyPair(String name, String dname) throws Exception {
        Path store = directory.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "30",
                "-keystore",
                store.toString());
        return store;
    }

    /**
     * A client TLS context: trusts the CA and, when given, presents the key store's certificate.
     *
     * @param keystore the client's key store, or null for none
     * @return the context
     */
    public SSLContext client(Path keystore) throws Exception {
        KeyStore trust = load(truststore());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        if (keystore == null) {
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(load(keystore), PASSWORD.toCharArray());
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) keyManagers.getKeyManagers()[0];
        context.init(new KeyManager[] {new AlwaysPresenting(keys)}, trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * Presents the store's certificate whatever issuers the server names: the JDK's own key manager would hold back
     * a certificate the server's CAs did not sign, and a test of what the server does with one needs it sent.
     */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager keys;

        AlwaysPresenting(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        private String only(String[] keyTypes) {
            for (String keyType : keyTypes) {
                String[] aliases = keys.getClientAliases(keyType, null);
                if (aliases != null && aliases.length > 0) {
                    return aliases[0];
                }
            }
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return only(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return only(keyTypes);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("keytool %s: %s", arguments[0], output)
                .isZero();
    }
}
