package dev.switchboard.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The embedded server's listening sockets: HTTP/1.1 with cleartext HTTP/2 (h2c) on the HTTP port and, with a
 * keystore, TLS with ALPN (h2, http/1.1) on the TLS port, which also serves {@code wss://}.
 */
final class Connectors {

    private Connectors() {}

    /**
     * Whether and how TLS clients are asked for a certificate.
     *
     * @param mode       {@code none}, {@code want} or {@code need}
     * @param truststore the certificates a client's must chain to; null for {@code none}
     * @param password   the trust store's password
     * @param type       the trust store's type
     */
    record ClientAuth(String mode, Path truststore, String password, String type) {

        /** No client certificates asked for. */
        static final ClientAuth NONE = new ClientAuth("none", null, "", "PKCS12");

        static ClientAuth of(String mode, Path truststore, String password, String type) {
            if (mode.equals("none")) {
                return NONE;
            }
            if (!mode.equals("want") && !mode.equals("need")) {
                throw new IllegalArgumentException("TLS client auth must be none, want or need: " + mode);
            }
            if (truststore == null || !Files.isReadable(truststore)) {
                throw new IllegalArgumentException("TLS trust store " + truststore + " is not a readable file");
            }
            return new ClientAuth(mode, truststore, Objects.requireNonNull(password), Objects.requireNonNull(type));
        }
    }

    /** The HTTP settings both connectors share: no server version or X-Powered-By header is sent. */
    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        return http;
    }

    static ServerConnector http(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setName("http");
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    static ServerConnector tls(
            Server server,
            HttpConfiguration plain,
            String host,
            int port,
            Path keystore,
            String keystorePassword,
            String keystoreType,
            ClientAuth clientAuth) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword(keystorePassword);
        tls.setKeyStoreType(keystoreType);
        if (clientAuth.truststore() != null) {
            // The JDK's PKIX trust manager checks the chain to the trust store and each certificate's validity
            // period during the handshake; with "want" a client that sends no certificate still connects.
            tls.setTrustStorePath(clientAuth.truststore().toString());
            tls.setTrustStorePassword(clientAuth.password());
            tls.setTrustStoreType(clientAuth.type());
            tls.setNeedClientAuth(clientAuth.mode().equals("need"));
            tls.setWantClientAuth(clientAuth.mode().equals("want"));
        }
        // RFC 9113 section 9.2.2 forbids many older ciphers under h2; order the ones h2 accepts first.
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);

        HttpConfiguration https = new HttpConfiguration(plain);
        https.addCustomizer(new SecureRequestCustomizer());
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        // Clients without ALPN (and WebSocket clients, which handshake over HTTP/1.1) get HTTP/1.1.
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(tls, alpn.getProtocol()),
                alpn,
                new HTTP2ServerConnectionFactory(https),
                new HttpConnectionFactory(https));
        connector.setName("https");
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
