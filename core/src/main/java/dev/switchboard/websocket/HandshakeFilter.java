package dev.switchboard.websocket;

import dev.switchboard.cdi.Beans;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.websocket.internal.HandshakeConfigurator;
import dev.switchboard.websocket.internal.JakartaEndpointAdapter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns WebSocket upgrade requests into Switchboard connections; every other request passes through untouched.
 *
 * <p>It is the last of Switchboard's filters (after the firewall and authentication), so a handshake reaches it
 * only when both let it through. It negotiates the subprotocol, refuses an offer with no supported token, and
 * upgrades with the standard {@link ServerContainer#upgradeHttpToWebSocket}: no endpoint is deployed by
 * annotation, so the container's own upgrade filter never competes with this one.
 *
 * <dl>
 *   <dt>Mapping</dt><dd>{@code switchboard.websocket.paths} (default {@code /*}).</dd>
 * </dl>
 */
public final class HandshakeFilter implements jakarta.servlet.Filter {

    private static final System.Logger LOG = System.getLogger(HandshakeFilter.class.getName());

    /** The handler of plain connections when the application provides none: it ignores what they send. */
    private static final SubprotocolHandler IGNORE_MESSAGES = new SubprotocolHandler() {
    };

    private SwitchboardConfig config;
    private SubprotocolRegistry protocols;
    private ConnectionRegistry connections;
    private SubprotocolNegotiator negotiator;
    private ServerContainer container;

    @Override
    public void init(FilterConfig filterConfig) {
        config = Beans.get(SwitchboardConfig.class);
        protocols = Beans.get(SubprotocolRegistry.class);
        connections = Beans.get(ConnectionRegistry.class);
        negotiator = new SubprotocolNegotiator(protocols.supported());
        container = (ServerContainer) filterConfig.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            LOG.log(System.Logger.Level.ERROR, "No jakarta.websocket ServerContainer in this web application;"
                    + " WebSocket handshakes will be answered with 501");
        } else {
            LOG.log(System.Logger.Level.INFO, "Switchboard accepts WebSocket connections on {0}; subprotocols {1}",
                    config.websocketPaths(), new TreeSet<>(protocols.supported()));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !isUpgrade(http)) {
            chain.doFilter(request, response);
            return;
        }
        if (container == null) {
            refuse(httpResponse, HttpServletResponse.SC_NOT_IMPLEMENTED, "WebSocket is not available on this server");
            return;
        }
        List<String> offer = Collections.list(http.getHeaders("Sec-WebSocket-Protocol"));
        String subprotocol;
        SubprotocolHandler handler;
        switch (negotiator.negotiate(offer)) {
            case SubprotocolNegotiator.Selected selected -> {
                subprotocol = selected.name();
                handler = protocols.handler(subprotocol).orElseThrow();
            }
            case SubprotocolNegotiator.NoneOffered none -> {
                subprotocol = null;
                handler = protocols.plain().orElse(IGNORE_MESSAGES);
            }
            case SubprotocolNegotiator.NoOverlap noOverlap -> {
                if (config.rejectUnsupportedSubprotocol()) {
                    LOG.log(System.Logger.Level.DEBUG, "Refused handshake from {0}: unsupported subprotocols {1}",
                            http.getRemoteAddr(), noOverlap.offered());
                    refuse(httpResponse, HttpServletResponse.SC_BAD_REQUEST,
                            "None of the offered subprotocols " + noOverlap.offered()
                                    + " is supported; supported: " + new TreeSet<>(protocols.supported()));
                    return;
                }
                subprotocol = null;
                handler = protocols.plain().orElse(IGNORE_MESSAGES);
            }
        }
        HandshakeInfo info = HandshakeInfo.of(http);
        String chosen = subprotocol;
        SubprotocolHandler chosenHandler = handler;
        ServerEndpointConfig endpointConfig = ServerEndpointConfig.Builder
                .create(JakartaEndpointAdapter.class, "/")
                .subprotocols(chosen == null ? List.of() : List.of(chosen))
                .configurator(new HandshakeConfigurator(chosen,
                        () -> new JakartaEndpointAdapter(info, chosen, chosenHandler, connections, config)))
                .build();
        try {
            container.upgradeHttpToWebSocket(http, httpResponse, endpointConfig, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
