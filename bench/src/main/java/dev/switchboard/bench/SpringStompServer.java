package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * The STOMP peer: Spring's simple broker ({@code spring-messaging} and {@code spring-websocket}, no Spring Boot) on
 * the same embedded Jetty 12 ee10 as the other servers ({@link BaselineServer#connector}), in a JVM of its own. STOMP
 * over WebSocket at {@code /stomp} (subprotocols {@code v10.stomp}, {@code v11.stomp}, {@code v12.stomp}),
 * destinations under {@code /topic} handled by the simple broker.
 *
 * <p>Like {@link BenchServer} it prints {@code BENCH READY <port>} once it serves and stops on {@code QUIT} or when its
 * input closes.
 */
public final class SpringStompServer {

    /** The STOMP endpoint's path. */
    static final String PATH = "/stomp";

    /**
     * Threads of each of the broker's two channels (client inbound, client outbound): two per core, which is Spring's
     * own default, set here so the figure does not change if that default does.
     */
    static final int CHANNEL_THREADS = 2 * Runtime.getRuntime().availableProcessors();

    /**
     * Most bytes queued for one session before Spring closes it as a slow consumer: Spring's default, 512 KiB. At
     * the fan-out's payloads (MESSAGE frames of about 150 bytes) that is about 3,500 frames, more than Switchboard's
     * 1,024 queued frames, so Spring is not cut off earlier than Switchboard.
     */
    static final int SEND_BUFFER_BYTES = 512 * 1024;

    /** Longest a send to one session may block before Spring closes it: Spring's default, 10 s. */
    static final int SEND_TIME_LIMIT_MILLIS = 10_000;

    private SpringStompServer() {}

    /** The broker's configuration, as an application would write it. */
    @Configuration
    @EnableWebSocketMessageBroker
    public static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint(PATH);
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic");
            registry.setApplicationDestinationPrefixes("/app");
        }

        @Override
        public void configureClientInboundChannel(ChannelRegistration registration) {
            registration.taskExecutor().corePoolSize(CHANNEL_THREADS).maxPoolSize(CHANNEL_THREADS);
        }

        @Override
        public void configureClientOutboundChannel(ChannelRegistration registration) {
            registration.taskExecutor().corePoolSize(CHANNEL_THREADS).maxPoolSize(CHANNEL_THREADS);
        }

        @Override
        public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
            registration
                    .setSendBufferSizeLimit(SEND_BUFFER_BYTES)
                    .setSendTimeLimit(SEND_TIME_LIMIT_MILLIS)
                    .setMessageSizeLimit(64 * 1024);
        }
    }

    /**
     * Runs the server until told to stop.
     *
     * @param args none
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream control =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ServerConnector connector = BaselineServer.connector("spring");
        Server server = connector.getServer();
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        // Spring upgrades through the jakarta.websocket container of the context (its standard upgrade strategy).
        JakartaWebSocketServletContainerInitializer.configure(
                context,
                (servletContext, container) -> container.setDefaultMaxSessionIdleTimeout(
                        Duration.ofSeconds(BenchServer.IDLE_TIMEOUT_SECONDS).toMillis()));
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(StompConfiguration.class);
        ServletHolder dispatcher = new ServletHolder("spring", new DispatcherServlet(spring));
        dispatcher.setAsyncSupported(true);
        dispatcher.setInitOrder(0);
        context.addServlet(dispatcher, "/");
        server.setHandler(context);
        server.start();
        control.println("BENCH READY " + connector.getLocalPort());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("QUIT")) {
            // STATS and FDS are the Switchboard and baseline servers' commands; no scenario asks this one.
        }
        server.stop();
        spring.close();
        System.exit(0);
    }
}
