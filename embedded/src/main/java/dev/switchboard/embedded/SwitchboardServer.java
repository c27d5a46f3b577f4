package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.demo.ClockPublisher;
import dev.switchboard.ops.Drain;
import dev.switchboard.schedule.ManagedScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Switchboard server: Jetty 12 (ee10) and Weld SE running the web module at context {@code /}.
 *
 * <p>{@link SwitchboardLauncher} runs it from the command line ({@code java -jar switchboard.jar [--port N]}).
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
 *   <li>a Weld SE container that discovers every jar with a {@code META-INF/beans.xml} (core, the application),
 *       the web module's beans (a WAR names its descriptor {@code WEB-INF/beans.xml}, which a class path does not
 *       have) and the {@linkplain SwitchboardServerBuilder#beanClasses extra bean classes}, and injection into
 *       every object Jetty creates;</li>
 *   <li>the {@code jakarta.websocket} server container, with no endpoint deployed: core's handshake filter
 *       upgrades connections itself;</li>
 *   <li>core's {@code SwitchboardInitializer}, which installs Switchboard's filters and servlets, and a default
 *       servlet for the {@linkplain SwitchboardServerBuilder#documentRoot document root} and the web module's
 *       static pages, behind Switchboard's firewall and authentication filters ({@link WebApplication});</li>
 *   <li>HTTP/1.1 and cleartext HTTP/2 (h2c) on the HTTP port and, when a keystore is configured, HTTPS with
 *       ALPN (h2, http/1.1) on the TLS port, which also serves {@code wss://};</li>
 *   <li>optionally, MQTT over plain TCP on {@code switchboard.mqtt.tcp-port} ({@code MqttTcpListener}), without
 *       TLS;</li>
 *   <li>one scheduled executor for every timed task of Switchboard, at
 *       {@value ManagedScheduler#DEFAULT_JNDI_NAME} like an application server's, shut down after the web
 *       application and CDI have stopped ({@link SharedScheduler});</li>
 *   <li>an H2 DataSource at {@code java:comp/env/jdbc/switchboard} (or wherever {@link ConfigKeys#DATASOURCE}
 *       says), in memory unless {@link ConfigKeys#DATA_DIR} names a directory;</li>
 *   <li>request handling on virtual threads, and a graceful stop that closes every WebSocket with 1001;</li>
 *   <li>on SIGTERM or Ctrl-C, a drain before that stop: new connections are refused with 503, clients are told to
 *       reconnect elsewhere and get up to {@code switchboard.drain.wait}, capped at the stop timeout (five
 *       seconds), to leave ({@link #drainAndStop()});</li>
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

    /** A class of the web module's bean package, which Weld scans besides the bean archives it discovers. */
    private static final Class<?> WEB_MODULE_BEANS = ClockPublisher.class;

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
    private final ServerConnector mqttTcpConnector;
    private final EmbeddedNaming naming;
    private final WeldLifeCycle weld;
    private final Thread shutdownHook = new Thread(this::drainAndStopOnSignal, "switchboard-shutdown");

    SwitchboardServer(SwitchboardServerBuilder settings) {
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
        // Not Jetty's own shutdown hook, which would stop at once: ours drains first (drainAndStop).
        server.setStopAtShutdown(false);

        // Beans start in the order added and stop in reverse: the scheduler, CDI and JNDI are up before the web
        // application starts and go down after it has stopped, the scheduler last, once no bean can use it.
        SharedScheduler scheduler = new SharedScheduler(schedulerThreads(settings.environment));
        server.addBean(scheduler, true);
        // The cluster's messaging broker (when this node runs it) is up before the application connects to it.
        EmbeddedCluster cluster = new EmbeddedCluster(settings.environment, settings.dataDir);
        server.addBean(cluster, true);
        weld = new WeldLifeCycle(settings.beanClasses, List.of(WEB_MODULE_BEANS));
        server.addBean(weld, true);
        ClassLoader loader = SwitchboardServer.class.getClassLoader();
        naming = new EmbeddedNaming(
                loader, settings.dataSourceName, settings.dataDir, settings.environment, scheduler, cluster);
        server.addBean(naming, true);
        server.addBean(new GoingAwayShutdown(weld, server.getScheduler()), false);

        HttpConfiguration http = Connectors.httpConfiguration();
        httpConnector = Connectors.http(server, http, settings.host, settings.port);
        server.addConnector(httpConnector);
        tlsConnector = settings.keystore == null
                ? null
                : Connectors.tls(
                        server,
                        http,
                        settings.host,
                        settings.tlsPort,
                        settings.keystore,
                        settings.keystorePassword,
                        settings.keystoreType,
                        settings.clientAuth);
        if (tlsConnector != null) {
            server.addConnector(tlsConnector);
        }
        mqttTcpConnector = settings.mqttTcpPort == null
                ? null
                : MqttTcpListener.connector(
                        server,
                        weld,
                        settings.mqttTcpHost != null ? settings.mqttTcpHost : settings.host,
                        settings.mqttTcpPort);
        if (mqttTcpConnector != null) {
            server.addConnector(mqttTcpConnector);
        }

        // After CDI (the registry is a bean's) and the connectors being known, before they start.
        server.addBean(new JettyMetrics(server, weld), true);
        server.setHandler(WebApplication.create(
                weld, loader, settings.documentRoot, settings.staticMaxAge, settings.staticMaxRanges));
    }

    private static int schedulerThreads(Map<String, String> environment) {
        String key = "switchboard/" + ConfigKeys.SCHEDULER_THREADS.substring(ConfigKeys.PREFIX.length());
        String value = environment.get(key);
        if (value == null) {
            // Bootstrap code: the configuration is read before CDI runs, from the same sources core reads.
            return ConfigReader.standard().getInt(ConfigKeys.SCHEDULER_THREADS, ManagedScheduler.DEFAULT_THREADS);
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ConfigKeys.SCHEDULER_THREADS + " is not a number: " + value, e);
        }
    }

    /**
     * A builder with the defaults: all interfaces, port 8080, no TLS, in-memory database.
     *
     * @return a new builder
     */
    public static SwitchboardServerBuilder builder() {
        return new SwitchboardServerBuilder();
    }

    /**
     * Starts the scheduler, CDI, JNDI and Jetty; returns once the ports are bound.
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
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalArgumentException alreadyAdded) {
            // Started again after a stop that kept the hook: it is registered already.
        } catch (IllegalStateException shuttingDown) {
            // The JVM is going down as the server comes up: nothing to drain later.
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.log(
                System.Logger.Level.INFO,
                "Switchboard started in {0} ms on {1} (HTTP/1.1, h2c, ws://){2}{3}",
                millis,
                displayUri("http", port()),
                tlsPort().isPresent()
                        ? " and " + displayUri("https", tlsPort().getAsInt()) + " (h2, HTTP/1.1, wss://)"
                        : "",
                mqttTcpPort().isPresent()
                        ? " and mqtt://" + mqttTcpConnector.getHost() + ":"
                                + mqttTcpPort().getAsInt() + " (MQTT over TCP)"
                        : "");
    }

    /**
     * Stops gracefully: stops accepting, closes every WebSocket with 1001, waits up to five seconds for
     * in-flight exchanges, then stops the web application, JNDI, CDI and the scheduler, whose threads are gone when
     * this returns. Does nothing when not started.
     *
     * <p>A client that keeps a connection open past the five seconds (an HTTP/2 peer that never answers the
     * server's GOAWAY, for one) does not make the stop fail: Jetty closes what is left and stops every other
     * part anyway, so that case is logged and the stop returns normally.
     *
     * @throws Exception when stopping fails
     */
    public void stop() throws Exception {
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it stops the server too, which is then a no-op here.
            }
        }
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
     * Drains, then stops: what SIGTERM and Ctrl-C do. New WebSocket handshakes and SSE streams are refused with 503
     * and {@code Retry-After}, {@code /health/ready} turns DOWN, clients are told to reconnect elsewhere
     * ({@code sgc@drain}, the SSE {@code drain} event) and get up to {@code switchboard.drain.wait}, capped at the
     * stop timeout, to leave; then {@link #stop()} closes the rest with 1001. With no connection open it stops at
     * once.
     *
     * @throws Exception when stopping fails
     */
    public void drainAndStop() throws Exception {
        if (server.isRunning()) {
            try {
                Drain drain = weld.select(Drain.class);
                if (drain.openConnections() > 0) {
                    Duration wait = drain.settings().drainWait().compareTo(STOP_TIMEOUT) < 0
                            ? drain.settings().drainWait()
                            : STOP_TIMEOUT;
                    drain.drainAndAwait(wait, "signal");
                }
            } catch (RuntimeException e) {
                // CDI is not (or no longer) up: there is nothing to drain, the stop below does the rest.
                LOG.log(System.Logger.Level.WARNING, "Could not drain before stopping", e);
            }
        }
        stop();
    }

    private void drainAndStopOnSignal() {
        try {
            drainAndStop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "Stopping on signal failed", e);
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
     * The port of the MQTT TCP listener actually bound.
     *
     * @return the local port, or empty when the listener is off ({@code switchboard.mqtt.tcp-port} unset or 0)
     */
    public OptionalInt mqttTcpPort() {
        return mqttTcpConnector == null ? OptionalInt.empty() : OptionalInt.of(localPort(mqttTcpConnector));
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
}
