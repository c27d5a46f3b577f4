package dev.switchboard.forward;

import dev.switchboard.api.RequestPath;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.forward.internal.ForwardHeaders;
import dev.switchboard.forward.internal.HealthChecker;
import dev.switchboard.forward.internal.HopByHop;
import dev.switchboard.forward.internal.HttpExchange;
import dev.switchboard.forward.internal.ProxyHooks;
import dev.switchboard.forward.internal.Targets;
import dev.switchboard.forward.internal.UpgradeRelay;
import dev.switchboard.forward.internal.UpstreamClient;
import dev.switchboard.forward.internal.UpstreamFailures;
import dev.switchboard.forward.internal.UpstreamPool;
import dev.switchboard.http.ConnectionRequests;
import dev.switchboard.http.WebSocketUpgrade;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.web.OriginPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Forwards requests whose path matches a route to the route's upstreams. Pattern routes are tried first, in
 * declaration order, then the longest matching prefix. Requests that match no route pass on untouched.
 *
 * <p>This filter only decides: whether a request is its own, which route it takes, and whether the route lets it
 * through (authentication, a path that stays under the upstream's base, the Origin of a WebSocket). Plain HTTP
 * requests are handed to the HTTP exchange; WebSocket upgrades to the relay, which connects a relayed upstream
 * WebSocket or a TCP bridge ({@code docs/forwarding.md} describes both).
 *
 * <p>It sits after the firewall and authentication and before the WebSocket handshake filter, so forwarded
 * traffic obeys the same policy as Switchboard's own, and a route can claim a WebSocket path. Stopping the
 * application ({@link #destroy}) cancels the health checks, ends every TCP bridge and closes the HTTP client, so
 * none of forwarding's threads outlives it.
 *
 * <p>Like Jetty's {@code AbstractProxyServlet} it is a template: subclasses override the named hooks
 * {@link #rewriteTarget}, {@link #copyRequestHeaders}, {@link #addForwardedHeaders},
 * {@link #filterResponseHeader} and {@link #onUpstreamFailure}, never the exchange itself.
 *
 * <dl>
 *   <dt>Mapping</dt><dd>{@code /*}; registered only when there are routes.</dd>
 *   <dt>Configuration</dt><dd>the {@link ForwardSettings} bean ({@code switchboard.forward.*}, see {@link Route} and
 *   {@code docs/forwarding.md}), the allowed origins of the {@link SwitchboardConfig} bean, and the
 *   {@link Scheduler} for health checks; each looked up in CDI in {@link #init} unless given to the
 *   constructor.</dd>
 * </dl>
 */
public class ForwardingFilter implements jakarta.servlet.Filter {

    /** Hop-by-hop headers, never forwarded in either direction (plus anything named in {@code Connection}). */
    protected static final Set<String> HOP_HEADERS = HopByHop.HOP_HEADERS;

    /**
     * Request attribute in which the firewall leaves the resolved client address (the firewall's
     * {@code FirewallFilter.CLIENT_ADDRESS_ATTRIBUTE}; named here because forwarding does not depend on the firewall).
     */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.switchboard.firewall.client-address";

    /**
     * Servlet context attribute under which the filter offers a {@code Supplier<List<RouteHealth>>}: its routes and
     * their upstreams' health now, for the admin API. Absent when no route is configured.
     */
    public static final String ROUTE_HEALTH_ATTRIBUTE = "dev.switchboard.forward.route-health";

    private static final System.Logger LOG = System.getLogger(ForwardingFilter.class.getName());

    private ForwardSettings settings;
    private SwitchboardConfig config;
    private Scheduler scheduler;
    private OriginPolicy origins;
    private List<UpstreamPool> pools = List.of();
    private UpstreamClient client;
    private HealthChecker health;
    private HttpExchange exchange;
    private UpgradeRelay relay;
    private List<ForwardingListener> listeners = List.of();

    /** Creates a filter that looks its settings and scheduler up in CDI in {@link #init}. */
    public ForwardingFilter() {}

    /**
     * Creates a filter with the given routes; the origin policy and the scheduler come from CDI in {@link #init}.
     *
     * @param settings the settings
     */
    public ForwardingFilter(ForwardSettings settings) {
        this.settings = settings;
    }

    /**
     * Creates a filter that needs nothing from CDI.
     *
     * @param settings  the routes and timeouts
     * @param config    the hub's settings, whose allowed origins apply to relayed WebSockets and TCP bridges
     * @param scheduler times the health checks
     */
    public ForwardingFilter(ForwardSettings settings, SwitchboardConfig config, Scheduler scheduler) {
        this.settings = settings;
        this.config = config;
        this.scheduler = scheduler;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (settings == null) {
            settings = BeanLookup.get(ForwardSettings.class);
        }
        if (config == null) {
            config = BeanLookup.get(SwitchboardConfig.class);
        }
        if (scheduler == null) {
            scheduler = BeanLookup.get(Scheduler.class);
        }
        // Settings handed to the constructor have not been through ForwardSettings.read's check.
        ForwardSettings.requireHostHeaderSupport(settings.routes(), ForwardSettings.hostHeaderAllowed());
        pools = settings.routes().stream().map(UpstreamPool::new).toList();
        // Relayed WebSockets and TCP bridges answer browsers too: the hub's own Origin policy applies to them.
        origins = new OriginPolicy(config.allowedOrigins());
        client = new UpstreamClient(settings.connectTimeout());
        ProxyHooks hooks = new Hooks();
        exchange = new HttpExchange(client.http(), hooks);
        ServerContainer container =
                (ServerContainer) filterConfig.getServletContext().getAttribute(ServerContainer.class.getName());
        relay = new UpgradeRelay(
                client.http(),
                settings.connectTimeout(),
                hooks,
                container == null ? null : WebSocketUpgrade.of(filterConfig.getServletContext(), container));
        health = new HealthChecker(pools, client.http(), scheduler, client::execute);
        filterConfig.getServletContext().setAttribute(ROUTE_HEALTH_ATTRIBUTE, (Supplier<List<RouteHealth>>)
                this::routeHealth);
        listeners = BeanLookup.ordered(ForwardingListener.class);
        for (Route route : settings.routes()) {
            LOG.log(System.Logger.Level.INFO, "Forwarding {0} to {1}", route.name(), route.upstreams());
        }
    }

    /** The routes and their upstreams' health now. */
    private List<RouteHealth> routeHealth() {
        return pools.stream()
                .map(pool -> new RouteHealth(
                        pool.route(),
                        pool.upstreams().stream()
                                .map(u ->
                                        new RouteHealth.UpstreamHealth(u.base().toString(), u.healthy(), u.inFlight()))
                                .toList()))
                .toList();
    }

    @Override
    public void destroy() {
        if (health != null) {
            health.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            chain.doFilter(request, response);
            return;
        }
        String path = RequestPath.of(http);
        for (UpstreamPool pool : pools) {
            Optional<String> remainder = pool.route().remainder(path);
            if (remainder.isPresent()) {
                if (listeners.isEmpty() || isUpgrade(http) || pool.route().isTcpBridge()) {
                    forward(http, out, pool, remainder.get());
                } else {
                    long started = System.nanoTime();
                    try {
                        forward(http, out, pool, remainder.get());
                    } finally {
                        tell(pool.route().name(), out.getStatus(), System.nanoTime() - started);
                    }
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void tell(String route, int status, long nanos) {
        for (ForwardingListener listener : listeners) {
            try {
                listener.forwarded(route, status, nanos);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A forwarding listener failed", e);
            }
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        if (route.authRequired() && request.getUserPrincipal() == null) {
            UpstreamFailures.respond(response, HttpServletResponse.SC_UNAUTHORIZED, "Authentication required");
            return;
        }
        if (leavesAnUpstream(request, route, remainder)) {
            UpstreamFailures.respond(
                    response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request: the path leaves the route's upstream");
            return;
        }
        if (isUpgrade(request)) {
            if (!origins.allows(
                    Optional.ofNullable(request.getHeader("Origin")), Optional.ofNullable(request.getHeader("Host")))) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Forwarding route {0}: refused a WebSocket from {1}: origin not allowed",
                        route.name(),
                        request.getRemoteAddr());
                UpstreamFailures.respond(response, HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
                return;
            }
            relay.relay(request, response, pool, remainder);
        } else if (route.isTcpBridge()) {
            response.setHeader("Upgrade", "websocket");
            UpstreamFailures.respond(response, 426, "This path accepts WebSocket connections only");
        } else {
            exchange.forward(request, response, pool, remainder);
        }
    }

    /** Whether the path would climb out of the base path of any of the route's upstreams; logged when it does. */
    private static boolean leavesAnUpstream(HttpServletRequest request, Route route, String remainder) {
        for (URI upstream : route.isTcpBridge() ? List.<URI>of() : route.upstreams()) {
            try {
                route.upstreamPath(upstream.getRawPath() == null ? "" : upstream.getRawPath(), remainder);
            } catch (Route.RouteEscapeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Forwarding route {0}: refused {1} from {2}: {3}",
                        route.name(),
                        request.getMethod(),
                        request.getRemoteAddr(),
                        e.getMessage());
                return true;
            }
        }
        return false;
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        return ConnectionRequests.isWebSocketHandshake(request);
    }

    // ---------------------------------------------------------------------------------------------- hooks

    /**
     * The upstream URI of a request. The default appends the request path after the prefix (or the whole path
     * with {@code strip=false}) to the upstream's base path and keeps the query string, without a login ticket
     * unless the route passes credentials.
     *
     * @param request   the client's request
     * @param route     the matched route
     * @param upstream  the chosen upstream base
     * @param remainder the canonical path after the prefix (decoded)
     * @param webSocket whether a WebSocket URI ({@code ws}/{@code wss}) is wanted
     * @return the target
     */
    protected URI rewriteTarget(
            HttpServletRequest request, Route route, URI upstream, String remainder, boolean webSocket) {
        String query = request.getQueryString();
        if (!route.passCredentials() && query != null) {
            query = ForwardHeaders.withoutParameter(query, ForwardHeaders.TICKET_PARAMETER);
        }
        return Targets.target(route, upstream, remainder, query, webSocket);
    }

    /**
     * Copies the client's headers to the upstream request, except {@link #HOP_HEADERS}, anything named in
     * {@code Connection}, and the headers the proxy sets itself ({@code Host}, {@code Content-Length},
     * {@code Expect}, the forwarding headers). The credentials Switchboard consumed are taken out of what this
     * emits afterwards, unless the route passes them.
     *
     * @param request the client's request
     * @param target  receives each header name and value
     */
    protected void copyRequestHeaders(HttpServletRequest request, BiConsumer<String, String> target) {
        Set<String> dropped = HopByHop.dropped(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!ForwardHeaders.copied(name.toLowerCase(Locale.ROOT), dropped)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                target.accept(name, value);
            }
        }
    }

    /**
     * Adds {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code Forwarded}
     * (RFC 7239). The client named in them is the one the firewall resolved (request attribute
     * {@value #CLIENT_ADDRESS_ATTRIBUTE}: the peer, or the first untrusted hop of the one configured forwarding
     * header when the peer is a trusted proxy), followed by the peer when the two differ. The client's own
     * forwarding headers are never passed on: whatever they claim was either verified (and is in the resolved
     * address) or is a claim Switchboard did not believe, which an upstream must not be handed either.
     *
     * @param request the client's request
     * @param target  receives each header name and value
     */
    protected void addForwardedHeaders(HttpServletRequest request, BiConsumer<String, String> target) {
        String resolved = request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE) instanceof String client ? client : null;
        ForwardHeaders.forwarded(
                resolved, request.getRemoteAddr(), request.getScheme(), HttpExchange.publicHost(request), target);
    }

    /**
     * Filters one upstream response header; hop-by-hop headers never reach it. The default rewrites a
     * {@code Location} pointing at the upstream to the public origin when the route has
     * {@code redirects=rewrite}.
     *
     * @param request  the client's request
     * @param route    the route
     * @param upstream the upstream base that answered
     * @param name     the header name
     * @param value    the header value
     * @return the value to send, or null to drop the header
     */
    protected String filterResponseHeader(
            HttpServletRequest request, Route route, URI upstream, String name, String value) {
        if (route.rewriteRedirects() && "location".equalsIgnoreCase(name)) {
            return ForwardHeaders.rewriteLocation(
                    route,
                    upstream,
                    value,
                    request.getScheme() + "://" + HttpExchange.publicHost(request),
                    request.getContextPath());
        }
        return value;
    }

    /**
     * Answers a failed exchange: a timeout with 504, anything else with 502, each with a short body and a log
     * line naming the route. When the response is already committed the client connection is aborted instead.
     *
     * @param request  the client's request
     * @param response the client's response
     * @param route    the route
     * @param upstream the upstream base that failed, or null when no upstream was available
     * @param failure  what went wrong
     * @throws IOException when the response cannot be written (or was committed, to abort it)
     */
    protected void onUpstreamFailure(
            HttpServletRequest request, HttpServletResponse response, Route route, URI upstream, Throwable failure)
            throws IOException {
        UpstreamFailures.answer(request, response, route, upstream, failure);
    }

    /** The hooks as the exchange and the relay call them: this filter's, overridden or not. */
    private final class Hooks implements ProxyHooks {
        @Override
        public URI rewriteTarget(
                HttpServletRequest request, Route route, URI upstream, String remainder, boolean webSocket) {
            return ForwardingFilter.this.rewriteTarget(request, route, upstream, remainder, webSocket);
        }

        @Override
        public void copyRequestHeaders(HttpServletRequest request, BiConsumer<String, String> target) {
            ForwardingFilter.this.copyRequestHeaders(request, target);
        }

        @Override
        public void addForwardedHeaders(HttpServletRequest request, BiConsumer<String, String> target) {
            ForwardingFilter.this.addForwardedHeaders(request, target);
        }

        @Override
        public String filterResponseHeader(
                HttpServletRequest request, Route route, URI upstream, String name, String value) {
            return ForwardingFilter.this.filterResponseHeader(request, route, upstream, name, value);
        }

        @Override
        public void onUpstreamFailure(
                HttpServletRequest request, HttpServletResponse response, Route route, URI upstream, Throwable failure)
                throws IOException {
            ForwardingFilter.this.onUpstreamFailure(request, response, route, upstream, failure);
        }
    }
}
