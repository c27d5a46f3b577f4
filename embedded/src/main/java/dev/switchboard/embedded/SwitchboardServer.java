package dev.switchboard.embedded;

import dev.switchboard.auth.AddUserCommand;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.web.SwitchboardInitializer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Switchboard server: Jetty 12 (ee10) and Weld SE running the web module at context {@code /}.
 *
 * <p>From the command line, {@code java -jar switchboard.jar [--port N]} runs it until Ctrl-C or SIGTERM;
 * {@code java -jar switchboard.jar add-user FILE USER PASSWORD [ROLE,...]} maintains a users file instead.
 * Programmatically:
 *
 * <pre>{@code
 * SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0)
 *         .beanClasses(MyProtocol.class).build();
 * server.start();
 * URI uri = server.httpUri();   // the port actually bound
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>What it provides, in the place an application server would:
 * <ul>
 *   <li>a Weld SE container that discovers every jar with a {@code META-INF/beans.xml} (core, the application)
 *       plus the {@linkplain Builder#beanClasses extra bean classes}, and injection into every object Jetty
 *       creates;</li>
 *   <li>the {@code jakarta.websocket} server container, with no endpoint deployed: core's handshake filter
 *       upgrades connections itself;</li>
 *   <li>core's {@link SwitchboardInitializer}, which installs Switchboard's filters and servlets, and a default
 *       servlet for the web module's static pages;</li>
 *   <li>HTTP/1.1 and cleartext HTTP/2 (h2c) on the HTTP port and, when a keystore is configured, HTTPS with
 *       ALPN (h2, http/1.1) on the TLS port, which also serves {@code wss://};</li>
 *   <li>an H2 DataSource at {@code java:comp/env/jdbc/switchboard} (or wherever {@link ConfigKeys#DATASOURCE}
 *       says), in memory unless {@link ConfigKeys#DATA_DIR} names a directory;</li>
 *   <li>request handling on virtual threads, and a graceful stop that closes every WebSocket with 1001;</li>
 *   <li>the system property {@code jdk.httpclient.allowRestrictedHeaders=host}, when not set, so forwarding
 *       routes may choose the upstream's {@code Host} ({@code host=preserve} or a fixed name).</li>
 * </ul>
 *
 * <p>One server per JVM at a time: the CDI lookup that container-created objects use ({@code CDI.current()}) and
 * the {@code java:comp} namespace are per JVM here.
 */
public final class SwitchboardServer {

    /** Default HTTP port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default TLS port. */
    public static final int DEFAULT_TLS_PORT = 8443;
    /** Default bind address: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default JNDI name of the embedded DataSource, as core's {@link ConfigKeys#DATASOURCE} documents it. */
    public static final String DEFAULT_DATASOURCE = "java:comp/env/jdbc/switchboard";

    /** Class-path folder of the web module's static content, unpacked there by the build. */
    static final String STATIC_CONTENT = "switchboard-webapp";

    private static final System.Logger LOG = System.getLogger(SwitchboardServer.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    static {
        // Weld logs through JBoss Logging, which only picks SLF4J by itself when Logback is present; without
        // this its lines would bypass the server's log format. An explicit choice by the user wins.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        // Forwarding routes with host=preserve or a fixed host need the JDK HTTP client to send a Host header,
        // which it allows only when this property names it, read once when the client is first used. Loading
        // the server class comes before the forwarding filter creates its client; the JVM is the server's, and
        // Switchboard never copies a client's Host itself. An explicit setting (even an empty one) wins, and the
        // deployment then fails if a route needs Host and the property does not allow it.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    private final String host;
    private final Server server;
    private final ServerConnector httpConnector;
    private final ServerConnector tlsConnector;
    private final EmbeddedNaming naming;

    private SwitchboardServer(Builder settings) {
        this.host = settings.host;

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("switchboard");
        if (VirtualThreads.areSupported()) {
            // Handlers may block (JDBC, JNDI, a slow subprotocol); virtual threads keep that from exhausting the
            // pool, while the selectors stay on platform threads.
            threads.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        }
        server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setStopAtShutdown(true);

        // Beans start in the order added and stop in reverse: CDI and JNDI are up before the web application
        // starts and go down after it has stopped.
        WeldLifeCycle weld = new WeldLifeCycle(settings.beanClasses);
        server.addBean(weld, true);
        ClassLoader loader = SwitchboardServer.class.getClassLoader();
        naming = new EmbeddedNaming(loader, settings.dataSourceName, settings.dataDir, settings.environment);
        server.addBean(naming, true);
        server.addBean(new GoingAwayShutdown(weld, server.getScheduler()), false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        httpConnector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        httpConnector.setName("http");
        httpConnector.setHost(settings.host);
        httpConnector.setPort(settings.port);
        server.addConnector(httpConnector);

        tlsConnector = settings.keystore == null ? null : tlsConnector(settings, http);
        if (tlsConnector != null) {
            server.addConnector(tlsConnector);
        }

        server.setHandler(webApplication(weld, loader));
    }

    private ServerConnector tlsConnector(Builder settings, HttpConfiguration plain) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(settings.keystore.toString());
        tls.setKeyStorePassword(settings.keystorePassword);
        tls.setKeyStoreType(settings.keystoreType);
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
        connector.setHost(settings.host);
        connector.setPort(settings.tlsPort);
        return connector;
    }

    private ServletContextHandler webApplication(WeldLifeCycle weld, ClassLoader loader) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setDisplayName("switchboard");
        // The same loader the JNDI names are bound under, set explicitly so request threads always carry it.
        context.setClassLoader(loader);
        context.getObjectFactory().addDecorator(new CdiDecorator(weld));

        URL staticContent = loader.getResource(STATIC_CONTENT);
        if (staticContent != null) {
            context.setBaseResource(ResourceFactory.of(context).newResource(toUri(staticContent)));
        } else {
            // A web module without pages yet: the default servlet then answers 404, which is right.
            LOG.log(System.Logger.Level.INFO, "No static content ({0} is not on the class path)", STATIC_CONTENT);
        }
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        context.setWelcomeFiles(new String[] {"index.html"});

        // No endpoint is registered: core upgrades through ServerContainer.upgradeHttpToWebSocket itself.
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(new SwitchboardInitializer());
        return context;
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Static content location " + url + " is not a valid URI", e);
        }
    }

    /**
     * A builder with the defaults: all interfaces, port 8080, no TLS, in-memory database.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder filled from configuration keys and command-line arguments, as {@link #main} uses it.
     *
     * <p>Keys: {@link ConfigKeys#PORT}, {@link ConfigKeys#HOST}, {@link ConfigKeys#TLS_KEYSTORE},
     * {@link ConfigKeys#TLS_KEYSTORE_PASSWORD}, {@link ConfigKeys#TLS_KEYSTORE_TYPE}, {@link ConfigKeys#TLS_PORT},
     * {@link ConfigKeys#DATASOURCE}, {@link ConfigKeys#DATA_DIR}. Arguments: {@code --port N} (wins over the
     * key).
     *
     * @param args   the command-line arguments
     * @param config the configuration sources, usually {@link ConfigReader#standard()}
     * @return the builder
     * @throws IllegalArgumentException for an unknown argument or a value that does not parse
     */
    public static Builder fromConfiguration(String[] args, ConfigReader config) {
        Builder builder = builder()
                .host(config.getString(ConfigKeys.HOST, DEFAULT_HOST))
                .port(config.getInt(ConfigKeys.PORT, DEFAULT_PORT))
                .tlsPort(config.getInt(ConfigKeys.TLS_PORT, DEFAULT_TLS_PORT))
                .keystoreType(config.getString(ConfigKeys.TLS_KEYSTORE_TYPE, "PKCS12"))
                .keystorePassword(config.getString(ConfigKeys.TLS_KEYSTORE_PASSWORD, ""))
                .dataSourceName(config.getString(ConfigKeys.DATASOURCE, DEFAULT_DATASOURCE));
        config.get(ConfigKeys.TLS_KEYSTORE).map(Path::of).ifPresent(builder::keystore);
        config.get(ConfigKeys.DATA_DIR).map(Path::of).ifPresent(builder::dataDir);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--port") && i + 1 < args.length) {
                builder.port(parsePort(args[++i]));
            } else if (arg.startsWith("--port=")) {
                builder.port(parsePort(arg.substring("--port=".length())));
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port expects a number, got '" + value + "'", e);
        }
    }

    /**
     * Runs the server until the JVM is stopped (Ctrl-C, SIGTERM), which stops it gracefully; or, with
     * {@code add-user} first, runs that command ({@link AddUserCommand}) and exits without starting anything.
     *
     * @param args {@code [--port N]} or {@code add-user [--bcrypt] FILE USER PASSWORD [ROLE,...]}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(AddUserCommand.NAME)) {
            System.exit(AddUserCommand.run(
                    Arrays.copyOfRange(args, 1, args.length),
                    System.in,
                    System.out,
                    System.err,
                    ConfigReader.standard()));
            return;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: java -jar switchboard.jar [--port N]");
            System.out.println("       " + AddUserCommand.USAGE.substring("usage: ".length()));
            System.out.println("Settings come from system properties (-Dswitchboard.port=8080), environment"
                    + " variables (SWITCHBOARD_PORT=8080) and JNDI; see the configuration reference.");
            return;
        }
        SwitchboardServer server;
        try {
            server = fromConfiguration(args, ConfigReader.standard()).build();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println("usage: java -jar switchboard.jar [--port N]");
            System.err.println("       " + AddUserCommand.USAGE.substring("usage: ".length()));
            System.exit(2);
            return;
        }
        server.start();
        server.join();
    }

    /**
     * Starts CDI, JNDI and Jetty; returns once the ports are bound.
     *
     * @throws Exception when any part fails to start; whatever had started is stopped again
     */
    public void start() throws Exception {
        long started = System.nanoTime();
        try {
            server.start();
        } catch (Exception e) {
            try {
                stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.log(
                System.Logger.Level.INFO,
                "Switchboard started in {0} ms on {1} (HTTP/1.1, h2c, ws://){2}",
                millis,
                displayUri("http", port()),
                tlsPort().isPresent()
                        ? " and " + displayUri("https", tlsPort().getAsInt()) + " (h2, HTTP/1.1, wss://)"
                        : "");
    }

    /**
     * Stops gracefully: stops accepting, closes every WebSocket with 1001, waits up to five seconds for
     * in-flight exchanges, then stops the web application, JNDI and CDI. Does nothing when not started.
     *
     * <p>A client that keeps a connection open past the five seconds (an HTTP/2 peer that never answers the
     * server's GOAWAY, for one) does not make the stop fail: Jetty closes what is left and stops every other
     * part anyway, so that case is logged and the stop returns normally.
     *
     * @throws Exception when stopping fails
     */
    public void stop() throws Exception {
        try {
            server.stop();
        } catch (TimeoutException e) {
            // Jetty reports the graceful phase's timeout first and attaches any real failure as suppressed.
            if (e.getSuppressed().length > 0) {
                throw e;
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Connections still open {0} ms after the stop began were closed without waiting longer",
                    STOP_TIMEOUT.toMillis());
        }
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Tells whether the server is running.
     *
     * @return true between a successful start and the stop
     */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * The HTTP port actually bound, which differs from the configured one when that was 0.
     *
     * @return the local port
     * @throws IllegalStateException when the server is not running
     */
    public int port() {
        return localPort(httpConnector);
    }

    /**
     * The TLS port actually bound.
     *
     * @return the local port, or empty when no keystore is configured
     */
    public OptionalInt tlsPort() {
        return tlsConnector == null ? OptionalInt.empty() : OptionalInt.of(localPort(tlsConnector));
    }

    /**
     * The base HTTP URI of the running server, with the host clients on this machine should use.
     *
     * @return for example {@code http://127.0.0.1:8080/}
     */
    public URI httpUri() {
        return URI.create("http://" + clientHost() + ":" + port() + "/");
    }

    /**
     * The JDBC URL of the embedded H2 database, for tools and diagnostics.
     *
     * @return the URL
     */
    public String jdbcUrl() {
        return naming.jdbcUrl();
    }

    private static int localPort(ServerConnector connector) {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException("The server is not running");
        }
        return port;
    }

    private String clientHost() {
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private String displayUri(String scheme, int port) {
        return scheme + "://" + clientHost() + ":" + port + "/";
    }

    /** Settings of a {@link SwitchboardServer}; {@link #build()} creates the (not yet started) server. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int tlsPort = DEFAULT_TLS_PORT;
        private Path keystore;
        private String keystorePassword = "";
        private String keystoreType = "PKCS12";
        private String dataSourceName = DEFAULT_DATASOURCE;
        private Path dataDir;
        private final List<Class<?>> beanClasses = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The address to bind.
         *
         * @param value a host name or address; {@code 0.0.0.0} for all interfaces
         * @return this builder
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * The HTTP port.
         *
         * @param value the port; 0 picks a free one, which {@link #port()} then reports
         * @return this builder
         */
        public Builder port(int value) {
            this.port = checkPort(value);
            return this;
        }

        /**
         * The TLS port, used only when a {@linkplain #keystore keystore} is set.
         *
         * @param value the port; 0 picks a free one
         * @return this builder
         */
        public Builder tlsPort(int value) {
            this.tlsPort = checkPort(value);
            return this;
        }

        /**
         * The keystore with the server's certificate and key; setting it opens the TLS connector.
         *
         * @param value the keystore file
         * @return this builder
         */
        public Builder keystore(Path value) {
            if (!Files.isReadable(value)) {
                throw new IllegalArgumentException("TLS keystore " + value + " is not a readable file");
            }
            this.keystore = value;
            return this;
        }

        /**
         * The keystore password (also used for the key).
         *
         * @param value the password
         * @return this builder
         */
        public Builder keystorePassword(String value) {
            this.keystorePassword = Objects.requireNonNull(value, "keystorePassword");
            return this;
        }

        /**
         * The keystore type.
         *
         * @param value {@code PKCS12} or {@code JKS}
         * @return this builder
         */
        public Builder keystoreType(String value) {
            this.keystoreType = Objects.requireNonNull(value, "keystoreType");
            return this;
        }

        /**
         * The JNDI name the H2 DataSource is bound to.
         *
         * @param value a name below {@code java:comp/}
         * @return this builder
         */
        public Builder dataSourceName(String value) {
            this.dataSourceName = Objects.requireNonNull(value, "dataSourceName");
            return this;
        }

        /**
         * Keeps the database in a file in this directory instead of in memory.
         *
         * @param value the directory; created when missing
         * @return this builder
         */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /**
         * Adds classes to the CDI container as beans, besides those discovered through {@code beans.xml}: a
         * subprotocol handler for a test, an echo handler for a conformance run.
         *
         * @param classes the bean classes
         * @return this builder
         */
        public Builder beanClasses(Class<?>... classes) {
            beanClasses.addAll(List.of(classes));
            return this;
        }

        /**
         * Binds a configuration value as the JNDI env-entry {@code java:comp/env/switchboard/<key>}, the first
         * place core's configuration reader looks, so it wins over system properties and environment variables.
         *
         * @param key   the full key, for example {@link ConfigKeys#WEBSOCKET_IDLE_TIMEOUT}
         * @param value the value
         * @return this builder
         */
        public Builder environmentEntry(String key, String value) {
            if (!key.startsWith(ConfigKeys.PREFIX)) {
                throw new IllegalArgumentException("Configuration keys start with " + ConfigKeys.PREFIX + ": " + key);
            }
            environment.put(
                    "switchboard/" + key.substring(ConfigKeys.PREFIX.length()), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Creates the server, not yet started.
         *
         * @return the server
         */
        public SwitchboardServer build() {
            return new SwitchboardServer(this);
        }

        private static int checkPort(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("Port out of range: " + value);
            }
            return value;
        }
    }
}
