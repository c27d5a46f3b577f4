package dev.switchboard.client.link.internal;

import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkProxy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Authentication;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Socks5;
import org.eclipse.jetty.client.Socks5Proxy;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketSessionListener;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** Builds the Jetty HTTP and WebSocket clients of one link from its options. */
final class JettyClients {

    final HttpClient http;
    final WebSocketClient webSocket;

    JettyClients(LinkOptions options, Executor blockingWork) {
        QueuedThreadPool pool = new QueuedThreadPool(8, 1);
        pool.setName(options.name() + "-io");
        pool.setDaemon(true);
        // Jetty runs the work it knows may block (listener dispatch of Jetty's own) on these, not on its pool.
        pool.setVirtualThreadsExecutor(blockingWork);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(options.name() + "-timer", true);

        ClientConnector connector = new ClientConnector();
        connector.setExecutor(pool);
        connector.setScheduler(scheduler);
        connector.setConnectTimeout(options.connectTimeout());
        connector.setSslContextFactory(ssl(options));

        http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(pool);
        http.setScheduler(scheduler);
        http.setConnectTimeout(options.connectTimeout().toMillis());
        http.setFollowRedirects(false);
        // Every attempt carries the credential of the options and nothing else: a login's session cookie would
        // otherwise authenticate later attempts behind the link's back.
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        options.proxy().ifPresent(this::proxy);

        webSocket = new WebSocketClient(http);
        webSocket.setStopAtShutdown(false);
        webSocket.setConnectTimeout(options.connectTimeout().toMillis());
        webSocket.setIdleTimeout(options.readTimeout());
        webSocket.setMaxTextMessageSize(options.maxTextMessageSize());
        webSocket.setMaxBinaryMessageSize(options.maxBinaryMessageSize());
        // Frames waiting to be written are bounded like the offline queue; beyond it a send fails and is reported.
        webSocket.setMaxOutgoingFrames(options.queueCapacity());
        webSocket.addSessionListener(new WebSocketSessionListener() {
            @Override
            public void onWebSocketSessionClosed(Session session) {
                synchronized (sessionsLock) {
                    sessionsLock.notifyAll();
                }
            }
        });
    }

    private final Object sessionsLock = new Object();

    void start() throws Exception {
        http.start();
        webSocket.start();
    }

    /**
     * Waits, at most {@code linger}, until no WebSocket connection is left open: one whose closing handshake is under
     * way (the server's close answered, the answer still being written) ends cleanly instead of being cut by the stop.
     */
    void awaitSessionsClosed(Duration linger) {
        long deadline = System.nanoTime() + linger.toNanos();
        synchronized (sessionsLock) {
            while (!webSocket.getOpenSessions().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sessionsLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void stop() {
        try {
            webSocket.stop();
        } catch (Exception e) {
            // Stopping continues with the HTTP client, which owns the threads.
        }
        try {
            http.stop();
        } catch (Exception e) {
            // Nothing more can be released.
        }
    }

    private static SslContextFactory.Client ssl(LinkOptions options) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        options.sslContext().ifPresent(ssl::setSslContext);
        options.trustStore().ifPresent(store -> {
            ssl.setTrustStorePath(store.path().toString());
            ssl.setTrustStorePassword(store.password());
            ssl.setTrustStoreType(store.type());
        });
        options.keyStore().ifPresent(store -> {
            ssl.setKeyStorePath(store.path().toString());
            ssl.setKeyStorePassword(store.password());
            ssl.setKeyStoreType(store.type());
        });
        ssl.setEndpointIdentificationAlgorithm(options.hostnameVerification() ? "HTTPS" : null);
        return ssl;
    }

    private void proxy(LinkProxy proxy) {
        Origin.Address address = new Origin.Address(proxy.host(), proxy.port());
        switch (proxy.type()) {
            case HTTP -> {
                http.getProxyConfiguration().addProxy(new TunnellingHttpProxy(address));
                if (proxy.user() != null) {
                    URI uri = URI.create("http://" + proxy.host() + ":" + proxy.port());
                    // Sent on the first CONNECT, and again if the proxy answers 407 with a challenge.
                    http.getAuthenticationStore()
                            .addAuthenticationResult(new BasicAuthentication.BasicResult(
                                    uri, HttpHeader.PROXY_AUTHORIZATION, proxy.user(), proxy.password()));
                    http.getAuthenticationStore()
                            .addAuthentication(new BasicAuthentication(
                                    uri, Authentication.ANY_REALM, proxy.user(), proxy.password()));
                }
            }
            case SOCKS5 -> {
                Socks5Proxy socks = new Socks5Proxy(address, false);
                if (proxy.user() != null) {
                    socks.putAuthenticationFactory(
                            new Socks5.UsernamePasswordAuthenticationFactory(proxy.user(), proxy.password()));
                }
                http.getProxyConfiguration().addProxy(socks);
            }
        }
    }

    /**
     * An HTTP proxy that always tunnels with {@code CONNECT}, also for {@code ws://} and {@code http://}: many
     * proxies mangle or refuse a WebSocket upgrade sent to them in absolute form, while a tunnel carries it as is.
     */
    private static final class TunnellingHttpProxy extends HttpProxy {
        TunnellingHttpProxy(Origin.Address address) {
            super(address, false);
        }

        @Override
        public boolean requiresTunnel(Origin serverOrigin) {
            return true;
        }
    }
}
