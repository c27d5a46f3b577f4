package dev.switchboard.embedded;

import java.nio.file.Path;
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
            String keystoreType) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword(keystorePassword);
        tls.setKeyStoreType(keystoreType);
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
