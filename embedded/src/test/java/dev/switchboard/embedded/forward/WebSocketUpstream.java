package dev.switchboard.embedded.forward;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A plain Jetty WebSocket server on 127.0.0.1, the upstream of the proxy tests (a second embedded Switchboard
 * cannot run in the same JVM). Endpoint {@code /echo} supports subprotocols {@code beta} and {@code gamma}.
 */
final class WebSocketUpstream implements AutoCloseable {

    /** Close codes and reasons the upstream received, as {@code code reason}. */
    static final BlockingQueue<String> CLOSES = new LinkedBlockingQueue<>();
    /** Subprotocols the upstream negotiated, {@code ""} for none. */
    static final BlockingQueue<String> OPENED = new LinkedBlockingQueue<>();
    /** Pongs the upstream received, as text. */
    static final BlockingQueue<String> PONGS = new LinkedBlockingQueue<>();

    /**
     * Echoes text as {@code echo:<text>} and binary as is; {@code close:<code>:<reason>} closes with that code,
     * {@code ping:<data>} sends a ping.
     */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            OPENED.add(session.getNegotiatedSubprotocol() == null ? "" : session.getNegotiatedSubprotocol());
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    if (text.startsWith("close:")) {
                        String[] parts = text.split(":", 3);
                        session.close(new CloseReason(
                                CloseReason.CloseCodes.getCloseCode(Integer.parseInt(parts[1])), parts[2]));
                    } else if (text.startsWith("ping:")) {
                        session.getBasicRemote()
                                .sendPing(ByteBuffer.wrap(text.substring(5).getBytes(StandardCharsets.UTF_8)));
                    } else {
                        session.getBasicRemote().sendText("echo:" + text);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
                try {
                    session.getBasicRemote().sendBinary(data);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            session.addMessageHandler(
                    jakarta.websocket.PongMessage.class,
                    (MessageHandler.Whole<jakarta.websocket.PongMessage>) pong -> PONGS.add(StandardCharsets.UTF_8
                            .decode(pong.getApplicationData())
                            .toString()));
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            CLOSES.add(closeReason.getCloseCode().getCode() + " " + closeReason.getReasonPhrase());
        }
    }

    private final Server server;
    private final ServerConnector connector;

    WebSocketUpstream() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JakartaWebSocketServletContainerInitializer.configure(
                context,
                (servletContext, container) ->
                        container.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, "/echo")
                                .subprotocols(List.of("beta", "gamma"))
                                .build()));
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
