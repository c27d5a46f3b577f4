package dev.switchboard.http;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upgrades one HTTP request to a WebSocket with an endpoint configuration of its own, on every container.
 *
 * <p>WebSocket 2.1's {@link ServerContainer#upgradeHttpToWebSocket} takes the configuration of the one connection
 * (its configurator, subprotocol and endpoint). Jetty and Undertow use it. Tyrus (Payara, GlassFish) does not: it
 * fills the path parameters into the configuration's path and upgrades to whichever <em>deployed</em> endpoint
 * matches that path, ignoring the rest. So one endpoint is deployed, at the template path {@link #PATH}, whose
 * configurator hands every call on to the configurator of the handshake in progress, and each upgrade passes a
 * fresh token as that path's parameter:
 *
 * <ul>
 *   <li>during the upgrade (the request's thread, inside {@code upgradeHttpToWebSocket}) the deployed configurator
 *       answers origin, subprotocol, extensions and the 101 response with the handshake's own configurator;
 *   <li>when the connection opens, possibly after the request has returned, the deployed endpoint finds the
 *       handshake by the token in its session's path parameters and hands the session to the endpoint that
 *       handshake's configurator creates.
 * </ul>
 *
 * <p>A handshake that reaches the deployed endpoint without going through this class (the container's own
 * upgrade filter, on a path outside Switchboard's mappings) is refused: its origin check fails with 403, so
 * nothing bypasses the admission decisions of the filters. On Jetty and Undertow the deployed endpoint is never
 * used; where deploying after startup is not allowed it is not deployed at all.
 */
public final class WebSocketUpgrade {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrade.class.getName());

    /** The path parameter that carries a handshake's token. */
    static final String PARAMETER = "switchboard-upgrade";

    /** The template path of the deployed endpoint and of every per-connection configuration. */
    public static final String PATH = "/switchboard-upgrade/{" + PARAMETER + "}";

    /**
     * How long a handshake the container accepted may take to open its connection before its entry is dropped; far
     * above what a container needs between the 101 response and its endpoint's {@code onOpen}.
     */
    static final Duration OPEN_DEADLINE = Duration.ofSeconds(60);

    private static final String ATTRIBUTE = WebSocketUpgrade.class.getName();
    private static final ReentrantLock CREATION = new ReentrantLock();

    private final ServerContainer container;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ThreadLocal<Pending> inProgress = new ThreadLocal<>();
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime());

    /** A handshake between its upgrade call and its connection's {@code onOpen}. */
    private record Pending(
            ServerEndpointConfig.Configurator configurator,
            Class<? extends Endpoint> endpointClass,
            long startedNanos,
            AtomicBoolean claimed) {}

    private WebSocketUpgrade(ServerContainer container) {
        this.container = container;
    }

    /**
     * The upgrader of a web application, created and deployed on first use; the handshake filter and the
     * forwarding filter share it, since the container takes one endpoint per path.
     *
     * @param context   the web application
     * @param container its WebSocket container
     * @return the upgrader
     */
    public static WebSocketUpgrade of(ServletContext context, ServerContainer container) {
        CREATION.lock();
        try {
            if (context.getAttribute(ATTRIBUTE) instanceof WebSocketUpgrade existing
                    && existing.container == container) {
                return existing;
            }
            WebSocketUpgrade upgrade = new WebSocketUpgrade(container);
            upgrade.deploy();
            context.setAttribute(ATTRIBUTE, upgrade);
            return upgrade;
        } finally {
            CREATION.unlock();
        }
    }

    private void deploy() {
        ServerEndpointConfig deployed = ServerEndpointConfig.Builder.create(HandedOverEndpoint.class, PATH)
                .extensions(List.copyOf(container.getInstalledExtensions()))
                .configurator(new HandingOverConfigurator())
                .build();
        try {
            container.addEndpoint(deployed);
        } catch (DeploymentException | IllegalStateException | UnsupportedOperationException e) {
            // Containers that refuse endpoints after startup are the ones that honour the per-connection
            // configuration, so nothing is lost.
            LOG.log(System.Logger.Level.DEBUG, "The container took no endpoint at " + PATH + ": " + e);
        }
    }

    /**
     * Upgrades the request to a WebSocket answered by the given configurator and its endpoint.
     *
     * @param request       the handshake request
     * @param response      its response
     * @param endpointClass the class of the endpoint the configurator creates
     * @param subprotocols  the subprotocols of the configuration (the configurator's choice is what counts)
     * @param extensions    the extensions the configurator may negotiate
     * @param configurator  the configurator of this one connection
     * @throws DeploymentException if the container refuses the configuration
     * @throws IOException         if the upgrade fails on the wire
     */
    public void upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            Class<? extends Endpoint> endpointClass,
            List<String> subprotocols,
            List<Extension> extensions,
            ServerEndpointConfig.Configurator configurator)
            throws DeploymentException, IOException {
        purgeAbandoned();
        String token = UUID.randomUUID().toString();
        Pending handshake = new Pending(configurator, endpointClass, System.nanoTime(), new AtomicBoolean());
        pending.put(token, handshake);
        inProgress.set(handshake);
        try {
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpointClass, PATH)
                    .subprotocols(subprotocols)
                    .extensions(extensions)
                    .configurator(configurator)
                    .build();
            container.upgradeHttpToWebSocket(request, response, config, Map.of(PARAMETER, token));
        } finally {
            inProgress.remove();
            if (!handshake.claimed().get()) {
                // The container used the configuration it was given, or refused the handshake.
                pending.remove(token);
            }
        }
    }

    /** Handshakes the deployed endpoint accepted whose connection never opened (the client went away). */
    private void purgeAbandoned() {
        long now = System.nanoTime();
        long last = lastPurge.get();
        if (now - last < Duration.ofSeconds(1).toNanos() || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        long deadline = OPEN_DEADLINE.toNanos();
        pending.values().removeIf(handshake -> now - handshake.startedNanos() > deadline);
    }

    /** The configurator of the deployed endpoint: the handshake in progress on this thread answers. */
    private final class HandingOverConfigurator extends ServerEndpointConfig.Configurator {

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            Pending handshake = inProgress.get();
            // No handshake in progress: the container's own filter upgraded a request Switchboard never admitted.
            return handshake != null && handshake.configurator().checkOrigin(originHeaderValue);
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            Pending handshake = inProgress.get();
            return handshake == null ? "" : handshake.configurator().getNegotiatedSubprotocol(supported, requested);
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            Pending handshake = inProgress.get();
            return handshake == null
                    ? List.of()
                    : handshake.configurator().getNegotiatedExtensions(installed, requested);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            Pending handshake = inProgress.get();
            if (handshake != null) {
                handshake.claimed().set(true);
                handshake.configurator().modifyHandshake(sec, request, response);
            }
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new HandedOverEndpoint(WebSocketUpgrade.this));
        }
    }

    /** The deployed endpoint: hands its session to the endpoint of the handshake its token names. */
    public static final class HandedOverEndpoint extends Endpoint {

        private final WebSocketUpgrade upgrade;
        private volatile Endpoint delegate;

        HandedOverEndpoint(WebSocketUpgrade upgrade) {
            this.upgrade = upgrade;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String token = session.getPathParameters().get(PARAMETER);
            Pending handshake = token == null ? null : upgrade.pending.remove(token);
            if (handshake == null) {
                close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "Not a handshake Switchboard admitted");
                return;
            }
            Endpoint endpoint;
            try {
                endpoint = handshake.configurator().getEndpointInstance(handshake.endpointClass());
            } catch (InstantiationException e) {
                LOG.log(System.Logger.Level.ERROR, "No endpoint for an upgraded WebSocket", e);
                close(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "No endpoint");
                return;
            }
            delegate = endpoint;
            endpoint.onOpen(session, config);
        }

        private static void close(Session session, CloseReason.CloseCode code, String reason) {
            try {
                session.close(new CloseReason(code, reason));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing a WebSocket failed: " + e);
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            Endpoint endpoint = delegate;
            if (endpoint != null) {
                endpoint.onClose(session, closeReason);
            }
        }

        @Override
        public void onError(Session session, Throwable error) {
            Endpoint endpoint = delegate;
            if (endpoint != null) {
                endpoint.onError(session, error);
            }
        }
    }
}
