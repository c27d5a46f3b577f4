package dev.switchboard.websocket;

import dev.switchboard.admission.Admission;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.http.ConnectionRequests;
import dev.switchboard.http.WebSocketUpgrade;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.log.LogSafe;
import dev.switchboard.log.WireLog;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.WebSocketNativeUpgrade;
import dev.switchboard.websocket.internal.HandshakeConfigurator;
import dev.switchboard.websocket.internal.JakartaEndpointAdapter;
import dev.switchboard.websocket.internal.NativeHandshake;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Turns WebSocket upgrade requests into Switchboard connections; every other request passes through untouched.
 *
 * <p>It is the last of Switchboard's filters (after the firewall and authentication), so a handshake reaches it
 * only when both let it through. It negotiates the subprotocol, then asks {@link Admission}, the decision the SSE
 * transport takes too: connection limit (503), foreign origin (403), only unsupported subprotocols offered (400),
 * the application's {@link dev.switchboard.spi.UpgradeCheck} beans; then applies what a permitting check asked for
 * ({@link CheckResult.Permit}: its subprotocol pick, its 101 response headers, its identity and attributes) and
 * upgrades: through the container's own WebSocket where a {@link WebSocketNativeUpgrade} takes the request (the
 * embedded Jetty server), else with the standard {@link ServerContainer#upgradeHttpToWebSocket} (the headers through
 * {@code Configurator.modifyHandshake}), through {@link WebSocketUpgrade} for the containers that upgrade only to
 * deployed endpoints (Tyrus). No endpoint is deployed by annotation, and the one {@link WebSocketUpgrade}
 * deploys refuses every handshake this filter did not admit, so the container's own upgrade filter never competes
 * with this one.
 *
 * <dl>
 *   <dt>Mapping</dt><dd>{@code switchboard.websocket.paths} (default {@code /*}).</dd>
 * </dl>
 */
public final class HandshakeFilter implements jakarta.servlet.Filter {

    private static final System.Logger LOG = System.getLogger(HandshakeFilter.class.getName());

    /** The handler of plain connections when the application provides none: it ignores what they send. */
    private static final SubprotocolHandler IGNORE_MESSAGES = new SubprotocolHandler() {};

    /** The containers' own upgrades, tried before the standard one. */
    private static final List<WebSocketNativeUpgrade> NATIVE_UPGRADES =
            ServiceLoader.load(WebSocketNativeUpgrade.class, HandshakeFilter.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private SwitchboardConfig config;
    private SubprotocolRegistry protocols;
    private Hub hub;
    private SubprotocolNegotiator negotiator;
    private Admission admission;
    private ServerContainer container;
    private WebSocketUpgrade upgrade;
    private WireTap wireTap;
    /**
     * The container's installed extensions, read once: a container may make new extension objects on every call, and
     * each connection's configuration keeps the list it was given for as long as the connection lives.
     */
    private List<Extension> installedExtensions = List.of();
    /** The hub without its client proxy, taken at the first connection: every message of every connection calls it. */
    private volatile Hub directHub;

    @Override
    public void init(FilterConfig filterConfig) {
        config = BeanLookup.get(SwitchboardConfig.class);
        protocols = BeanLookup.get(SubprotocolRegistry.class);
        hub = BeanLookup.get(Hub.class);
        negotiator = new SubprotocolNegotiator(protocols.supported(), protocols.prefixable());
        admission = BeanLookup.get(Admission.class);
        wireTap = BeanLookup.get(WireLog.class).tap();
        container = (ServerContainer) filterConfig.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "No jakarta.websocket ServerContainer in this web application;"
                            + " WebSocket handshakes will be answered with 501");
        } else {
            upgrade = WebSocketUpgrade.of(filterConfig.getServletContext(), container);
            installedExtensions = List.copyOf(container.getInstalledExtensions());
            LOG.log(
                    System.Logger.Level.INFO,
                    "Switchboard accepts WebSocket connections on {0}; subprotocols {1}",
                    config.websocketPaths(),
                    new TreeSet<>(protocols.supported()));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)
                || !ConnectionRequests.isWebSocketHandshake(http)) {
            chain.doFilter(request, response);
            return;
        }
        if (container == null) {
            Admission.refuse(
                    httpResponse, HttpServletResponse.SC_NOT_IMPLEMENTED, "WebSocket is not available on this server");
            return;
        }
        List<String> offer = Collections.list(http.getHeaders("Sec-WebSocket-Protocol"));
        String subprotocol;
        SubprotocolHandler handler;
        Optional<Admission.Refusal> unsupported = Optional.empty();
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
                    unsupported = Optional.of(new Admission.Refusal(
                            HttpServletResponse.SC_BAD_REQUEST,
                            "None of the offered subprotocols " + noOverlap.offered() + " is supported; supported: "
                                    + new TreeSet<>(protocols.supported())));
                }
                subprotocol = null;
                handler = protocols.plain().orElse(IGNORE_MESSAGES);
            }
        }
        HandshakeInfo info = HandshakeInfo.of(http);
        List<String> offered = SubprotocolNegotiator.parseOffer(offer);
        Admission.Verdict verdict =
                admission.decide(http, info, "handshake", offered, Optional.ofNullable(subprotocol), unsupported);
        if (verdict instanceof Admission.Refusal refusal) {
            if (unsupported.isPresent() && refusal == unsupported.get()) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Refused handshake from {0}: unsupported subprotocols {1}",
                        http.getRemoteAddr(),
                        LogSafe.of(offer));
            }
            refusal.writeTo(httpResponse);
            return;
        }
        CheckResult.Permit grant = ((Admission.Permit) verdict).grant();
        Optional<Admission.Refusal> badPick = Admission.badPick(
                grant, offered, token -> protocols.handler(token).isPresent(), "handshake");
        if (badPick.isPresent()) {
            badPick.get().writeTo(httpResponse);
            return;
        }
        if (grant.subprotocol().isPresent()) {
            subprotocol = grant.subprotocol().get();
            handler = protocols.handler(subprotocol).orElseThrow();
        }
        HandshakeInfo opened = Admission.identified(info, grant);
        String chosen = subprotocol;
        SubprotocolHandler chosenHandler = handler;
        if (!NATIVE_UPGRADES.isEmpty()) {
            NativeHandshake handshake = new NativeHandshake(
                    opened, chosen, chosenHandler, grant.headers(), directHub(), config, wireTap, grant.attributes());
            for (WebSocketNativeUpgrade nativeUpgrade : NATIVE_UPGRADES) {
                if (nativeUpgrade.upgrade(http, httpResponse, handshake)) {
                    return;
                }
            }
        }
        try {
            upgrade.upgrade(
                    http,
                    httpResponse,
                    JakartaEndpointAdapter.class,
                    chosen == null ? List.of() : List.of(chosen),
                    // Undertow negotiates only the extensions a programmatic endpoint lists: offer what the container
                    // has installed (permessage-deflate where the server enables it).
                    installedExtensions,
                    new HandshakeConfigurator(
                            chosen,
                            grant.headers(),
                            () -> new JakartaEndpointAdapter(
                                    opened, chosen, chosenHandler, directHub(), config, wireTap, grant.attributes())));
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }

    private Hub directHub() {
        Hub direct = directHub;
        if (direct == null) {
            direct = BeanLookup.unproxied(hub);
            directHub = direct;
        }
        return direct;
    }
}
