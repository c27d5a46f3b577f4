package dev.switchboard.bench;

import jakarta.websocket.DeploymentException;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baseline server: the same Jetty 12 ee10 the embedded Switchboard server runs, set up the same way (thread
 * pool with virtual threads, HTTP/1.1 and h2c, a servlet context at {@code /} with the {@code jakarta.websocket}
 * container) but with two annotated endpoints and an SSE servlet instead of Switchboard, and no CDI.
 */
final class BaselineServer {

    private final Server server;
    private final ServerConnector connector;

    private BaselineServer() {
        connector = connector("baseline");
        server = connector.getServer();

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxSessionIdleTimeout(
                    Duration.ofSeconds(BenchServer.IDLE_TIMEOUT_SECONDS).toMillis());
            try {
                container.addEndpoint(RawEchoEndpoint.class);
                container.addEndpoint(RawBroadcastEndpoint.class);
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        });
        ServletHolder sse = new ServletHolder("sse", new RawSseServlet());
        sse.setAsyncSupported(true);
        context.addServlet(sse, "/sse/*");
        server.setHandler(context);
    }

    /**
     * A Jetty server set up as SwitchboardServer sets up its own (thread pool with the virtual-thread executor,
     * HTTP/1.1 and h2c on 127.0.0.1, a free port), without a handler: the baseline and the Spring peer run on it, so
     * a comparison isolates what runs on top of the container.
     *
     * @param name the thread pool's name
     * @return its connector; {@link ServerConnector#getServer()} is the server
     */
    static ServerConnector connector(String name) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        if (VirtualThreads.areSupported()) {
            threads.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        }
        Server server = new Server(threads);
        server.setStopTimeout(Duration.ofSeconds(5).toMillis());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    static BaselineServer start() throws Exception {
        BaselineServer baseline = new BaselineServer();
        baseline.server.start();
        return baseline;
    }

    int port() {
        return connector.getLocalPort();
    }

    void stop() throws Exception {
        server.stop();
    }
}
