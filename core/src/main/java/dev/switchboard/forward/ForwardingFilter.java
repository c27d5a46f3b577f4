package dev.switchboard.forward;

import dev.switchboard.api.RequestPath;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.forward.internal.HealthChecker;
import dev.switchboard.forward.internal.HopByHop;
import dev.switchboard.forward.internal.RelayConfigurator;
import dev.switchboard.forward.internal.Targets;
import dev.switchboard.forward.internal.TcpBridge;
import dev.switchboard.forward.internal.Upstream;
import dev.switchboard.forward.internal.UpstreamListener;
import dev.switchboard.forward.internal.UpstreamPool;
import dev.switchboard.forward.internal.WebSocketRelay;
import dev.switchboard.log.LogSafe;
import dev.switchboard.web.OriginPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Forwards requests whose path matches a route to the route's upstreams: plain HTTP exchanges with the JDK
 * {@link HttpClient}, WebSocket upgrades relayed to an upstream WebSocket, and WebSocket-to-TCP bridges.
 * Pattern routes are tried first, in declaration order, then the longest matching prefix. Requests that match no
 * route pass on untouched.
 *
 * <p>It sits after the firewall and authentication and before the WebSocket handshake filter, so forwarded
 * traffic obeys the same policy as Switchboard's own, and a route can claim a WebSocket path.
 *
 * <p>An HTTP exchange runs blocking on the request thread: the embedded server serves requests on virtual
 * threads, so an exchange in flight holds no platform thread there (on an application server each holds one
 * worker thread). Bodies are streamed both ways in 16 KiB steps with the JDK client's bounded buffering, so
 * no body is ever held in memory. A failure to write to the client closes the upstream response stream, which
 * cancels the upstream exchange; a failure to read the client's upload fails the upstream request.
 *
 * <p>Like Jetty's {@code AbstractProxyServlet} it is a template: subclasses override the named hooks
 * {@link #rewriteTarget}, {@link #copyRequestHeaders}, {@link #addForwardedHeaders},
 * {@link #filterResponseHeader} and {@link #onUpstreamFailure}, never the exchange itself.
 *
 * <dl>
 *   <dt>Mapping</dt><dd>{@code /*}; registered only when there are routes.</dd>
 *   <dt>Configuration</dt><dd>{@code switchboard.forward.routes}, {@code switchboard.forward.routes-file},
 *   {@code switchboard.forward.timeout}, {@code switchboard.forward.connect-timeout} (see {@link Route} and
 *   {@code docs/forwarding.md}).</dd>
 * </dl>
 */
public class ForwardingFilter implements jakarta.servlet.Filter {

    /** Hop-by-hop headers, never forwarded in either direction (plus anything named in {@code Connection}). */
    protected static final Set<String> HOP_HEADERS = HopByHop.HOP_HEADERS;

    private static final System.Logger LOG = System.getLogger(ForwardingFilter.class.getName());
    private static final int CHUNK = 16 * 1024;

    /**
     * Request attribute in which the firewall leaves the resolved client address (the firewall's
     * {@code FirewallFilter.CLIENT_ADDRESS_ATTRIBUTE}; named here because forwarding does not depend on the firewall).
     */
    public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.switchboard.firewall.client-address";

    /** Request headers the proxy sets itself (the JDK client refuses some of them anyway). */
    private static final Set<String> NOT_COPIED = Set.of(
            "host",
            "content-length",
            "expect",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "forwarded");

    /** Headers that carry a credential for Switchboard itself, kept from upstreams unless a route passes them. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "x-switchboard-post-key");
    /** The query parameter that carries a login ticket. */
    private static final String TICKET_PARAMETER = "ticket";

    private ForwardSettings settings;
    private OriginPolicy origins;
    private List<UpstreamPool> pools = List.of();
    private HttpClient client;
    private HealthChecker health;
    private ServerContainer container;

    /** Creates a filter that reads its settings in {@link #init}. */
    public ForwardingFilter() {}

    /**
     * Creates a filter with the given settings.
     *
     * @param settings the settings
     */
    public ForwardingFilter(ForwardSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (settings == null) {
            settings = ForwardSettings.read(ConfigReader.standard());
        }
        // Settings handed to the constructor have not been through ForwardSettings.read's check.
        ForwardSettings.requireHostHeaderSupport(settings.routes(), ForwardSettings.hostHeaderAllowed());
        pools = settings.routes().stream().map(UpstreamPool::new).toList();
        // Relayed WebSockets and TCP bridges answer browsers too: the hub's own Origin policy applies to them.
        origins =
                new OriginPolicy(SwitchboardConfig.read(ConfigReader.standard()).allowedOrigins());
        client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                // Upload bodies are read from the servlet stream by the client's tasks, blocking: cheap on
                // virtual threads.
                .executor(Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("switchboard-forward-", 0).factory()))
                .build();
        health = new HealthChecker(pools, client);
        container = (ServerContainer) filterConfig.getServletContext().getAttribute(ServerContainer.class.getName());
        for (Route route : settings.routes()) {
            LOG.log(System.Logger.Level.INFO, "Forwarding {0} to {1}", route.name(), route.upstreams());
        }
    }

    @Override
    public void destroy() {
        if (health != null) {
            health.close();
        }
        if (client != null) {
            client.shutdownNow();
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
                forward(http, out, pool, remainder.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        if (route.authRequired() && request.getUserPrincipal() == null) {
            respond(response, HttpServletResponse.SC_UNAUTHORIZED, "Authentication required");
            return;
        }
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
                respond(
                        response,
                        HttpServletResponse.SC_BAD_REQUEST,
                        "Bad Request: the path leaves the route's upstream");
                return;
            }
        }
        if (isUpgrade(request)) {
            String origin = request.getHeader("Origin");
            if (!origins.allows(Optional.ofNullable(origin), Optional.ofNullable(request.getHeader("Host")))) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Forwarding route {0}: refused a WebSocket from {1}: origin not" + " allowed",
                        route.name(),
                        request.getRemoteAddr());
                respond(response, HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
                return;
            }
            relayWebSocket(request, response, pool, remainder);
        } else if (route.isTcpBridge()) {
            response.setHeader("Upgrade", "websocket");
            respond(response, 426, "This path accepts WebSocket connections only");
        } else {
            forwardHttp(request, response, pool, remainder);
        }
    }

    // ---------------------------------------------------------------------------------------------- hooks

    /**
     * The upstream URI of a request. The default appends the request path after the prefix (or the whole path
     * with {@code strip=false}) to the upstream's base path and keeps the query string.
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
            query = withoutParameter(query, TICKET_PARAMETER);
        }
        return Targets.target(route, upstream, remainder, query, webSocket);
    }

    /**
     * Wraps a header sink so that the credentials Switchboard consumed itself do not reach the upstream: the
     * {@code Authorization} header, the SSE post key, and the login session's cookie (other cookies pass). A route
     * with {@code credentials=pass} passes them all on purpose.
     */
    private static BiConsumer<String, String> withoutCredentials(
            HttpServletRequest request, Route route, BiConsumer<String, String> target) {
        if (route.passCredentials()) {
            return target;
        }
        String sessionCookie = Optional.ofNullable(
                        request.getServletContext().getSessionCookieConfig().getName())
                .orElse("JSESSIONID");
        return (name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (CREDENTIAL_HEADERS.contains(lower)) {
                return;
            }
            if (lower.equals("cookie")) {
                String kept = withoutCookie(value, sessionCookie);
                if (!kept.isEmpty()) {
                    target.accept(name, kept);
                }
                return;
            }
            target.accept(name, value);
        };
    }

    /** A {@code Cookie} header value without one cookie (RFC 6265 section 4.2.1: pairs separated by "; "). */
    static String withoutCookie(String header, String cookieName) {
        StringBuilder kept = new StringBuilder(header.length());
        for (String pair : header.split(";")) {
            String trimmed = pair.strip();
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
            if (trimmed.isEmpty() || name.equals(cookieName)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.toString();
    }

    /** A raw query string without one parameter (matched by its raw name); null when nothing is left. */
    static String withoutParameter(String query, String parameter) {
        StringBuilder kept = new StringBuilder(query.length());
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (pair.isEmpty() || name.equals(parameter)) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * Copies the client's headers to the upstream request, except {@link #HOP_HEADERS}, anything named in
     * {@code Connection}, and the headers the proxy sets itself ({@code Host}, {@code Content-Length},
     * {@code Expect}, the forwarding headers).
     *
     * @param request the client's request
     * @param target  receives each header name and value
     */
    protected void copyRequestHeaders(HttpServletRequest request, BiConsumer<String, String> target) {
        Set<String> dropped = HopByHop.dropped(Collections.list(request.getHeaders("Connection")));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (dropped.contains(lower) || NOT_COPIED.contains(lower)) {
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
        String remote = request.getRemoteAddr();
        String host = publicHost(request);
        String scheme = request.getScheme();
        List<String> hops = new ArrayList<>();
        if (request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE) instanceof String client
                && !unbracketed(client).equalsIgnoreCase(unbracketed(remote))) {
            hops.add(client);
        }
        hops.add(remote);
        target.accept("X-Forwarded-For", String.join(", ", hops));
        target.accept("X-Forwarded-Proto", scheme);
        target.accept("X-Forwarded-Host", host);
        List<String> forwarded = new ArrayList<>();
        for (int i = 0; i < hops.size() - 1; i++) {
            forwarded.add("for=" + HopByHop.forwardedNode(unbracketed(hops.get(i))));
        }
        forwarded.add("for=" + HopByHop.forwardedNode(unbracketed(remote)) + ";host=" + HopByHop.forwardedValue(host)
                + ";proto=" + scheme);
        target.accept("Forwarded", String.join(", ", forwarded));
    }

    private static String unbracketed(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
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
            return rewriteLocation(request, route, upstream, value);
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
        boolean timeout = isTimeout(failure);
        int status = timeout ? HttpServletResponse.SC_GATEWAY_TIMEOUT : HttpServletResponse.SC_BAD_GATEWAY;
        LOG.log(
                System.Logger.Level.WARNING,
                "Forwarding route {0}: {1} {2} to {3} failed with {4}: {5}",
                route.name(),
                LogSafe.of(request.getMethod()),
                LogSafe.of(request.getRequestURI()),
                upstream,
                status,
                LogSafe.of(failure));
        if (response.isCommitted()) {
            throw new IOException("upstream " + upstream + " failed after the response was committed", failure);
        }
        respond(
                response,
                status,
                timeout
                        ? "Gateway Timeout: the upstream of " + route.name() + " did not answer in time"
                        : "Bad Gateway: the upstream of " + route.name() + " could not be reached");
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void forwardHttp(
            HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        String sticky = route.stickyCookie().map(name -> cookie(request, name)).orElse(null);
        CountingInput body = hasBody(request) ? new CountingInput(request) : null;
        failover(request, response, pool, sticky, upstream -> {
            HttpRequest exchange;
            try {
                exchange = buildRequest(request, route, upstream, remainder, body);
            } catch (IllegalArgumentException e) {
                respond(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request: " + e.getMessage());
                return null;
            }
            upstream.acquire();
            try {
                CompletableFuture<HttpResponse<InputStream>> future =
                        client.sendAsync(exchange, HttpResponse.BodyHandlers.ofInputStream());
                HttpResponse<InputStream> answer;
                try {
                    answer = future.get();
                } catch (InterruptedException e) {
                    future.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for " + upstream);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (body != null && body.clientFailed) {
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                "Forwarding route {0}: the client went away during"
                                        + " the upload; upstream exchange cancelled",
                                route.name());
                        return null;
                    }
                    pool.failed(upstream, cause);
                    if (isConnectFailure(cause) && (body == null || body.count == 0)) {
                        // Nothing of the request reached anyone: another upstream may take it.
                        return cause;
                    }
                    onUpstreamFailure(request, response, route, upstream.base(), cause);
                    return null;
                }
                pool.succeeded(upstream);
                relayResponse(request, response, route, upstream, sticky, answer);
                return null;
            } finally {
                upstream.release();
            }
        });
    }

    /** One try of an exchange with one upstream. */
    @FunctionalInterface
    private interface Attempt {
        /**
         * Tries the upstream and answers the client, unless it could not be reached at all.
         *
         * @return null when the client has its answer; the failure when nothing reached the upstream, so another
         *         may take the exchange
         */
        Throwable tryWith(Upstream upstream) throws IOException, ServletException;
    }

    /**
     * Tries each upstream the pool chooses (the sticky one first when it is healthy) until an attempt answers the
     * client; when none is left, answers with the last failure (502 or 504), or 503 when no upstream was in
     * rotation at all.
     */
    private void failover(
            HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String sticky, Attempt attempt)
            throws IOException, ServletException {
        Set<Upstream> tried = new HashSet<>();
        Upstream last = null;
        Throwable lastFailure = null;
        while (true) {
            Optional<Upstream> chosen = pool.choose(sticky, tried);
            if (chosen.isEmpty()) {
                noUpstreamLeft(request, response, pool.route(), last, lastFailure);
                return;
            }
            Upstream upstream = chosen.get();
            tried.add(upstream);
            Throwable unreached = attempt.tryWith(upstream);
            if (unreached == null) {
                return;
            }
            last = upstream;
            lastFailure = unreached;
        }
    }

    private HttpRequest buildRequest(
            HttpServletRequest request, Route route, Upstream upstream, String remainder, CountingInput body) {
        URI target = rewriteTarget(request, route, upstream.base(), remainder, false);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(route.timeout());
        Optional<String> host = hostHeader(request, route);
        if ("https".equalsIgnoreCase(target.getScheme()) && host.isEmpty()) {
            // With a chosen Host the exchange stays on HTTP/1.1: over HTTP/2 the upstream would go by the
            // :authority the client library derives from the URI (RFC 9113 section 8.3.1), not by Host.
            builder.version(HttpClient.Version.HTTP_2);
        }
        host.ifPresent(value -> builder.header("Host", value));
        BiConsumer<String, String> header = (name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                // A header the JDK client manages itself or refuses as invalid is not forwarded.
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Header {0} not forwarded: {1}",
                        LogSafe.of(name),
                        LogSafe.of(e.getMessage()));
            }
        };
        copyRequestHeaders(request, withoutCredentials(request, route, header));
        addForwardedHeaders(request, header);
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
            long length = request.getContentLengthLong();
            publisher = length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
        }
        return builder.method(request.getMethod(), publisher).build();
    }

    private void relayResponse(
            HttpServletRequest request,
            HttpServletResponse response,
            Route route,
            Upstream upstream,
            String sticky,
            HttpResponse<InputStream> answer)
            throws IOException {
        try (InputStream in = answer.body()) {
            response.setStatus(answer.statusCode());
            HttpHeaders headers = answer.headers();
            Set<String> dropped = HopByHop.dropped(headers.allValues("connection"));
            for (Map.Entry<String, List<String>> entry : headers.map().entrySet()) {
                String name = entry.getKey();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith(":") || dropped.contains(lower) || lower.equals("content-length")) {
                    continue;
                }
                boolean first = true;
                for (String value : entry.getValue()) {
                    String filtered = filterResponseHeader(request, route, upstream.base(), name, value);
                    if (filtered == null) {
                        continue;
                    }
                    if (first) {
                        response.setHeader(name, filtered);
                        first = false;
                    } else {
                        response.addHeader(name, filtered);
                    }
                }
            }
            headers.firstValueAsLong("content-length").ifPresent(response::setContentLengthLong);
            if (route.stickyCookie().isPresent() && !upstream.id().equals(sticky)) {
                response.addHeader(
                        "Set-Cookie",
                        route.stickyCookie().get() + "=" + upstream.id() + "; Path="
                                + (route.prefix().isEmpty() ? "/" : route.prefix()) + "; HttpOnly; SameSite=Lax");
            }
            ServletOutputStream out = response.getOutputStream();
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    onUpstreamFailure(request, response, route, upstream.base(), e);
                    return;
                }
                if (n < 0) {
                    break;
                }
                try {
                    out.write(buffer, 0, n);
                    if (in.available() == 0) {
                        // Nothing more is at hand: let a streaming upstream's bytes reach the client now.
                        out.flush();
                    }
                } catch (IOException e) {
                    // Closing the body stream (try-with-resources) cancels the upstream exchange.
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            "Forwarding route {0}: the client went away; upstream" + " exchange cancelled",
                            route.name());
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- WebSocket

    private void relayWebSocket(
            HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        if (container == null) {
            respond(response, HttpServletResponse.SC_NOT_IMPLEMENTED, "WebSocket is not available on this server");
            return;
        }
        failover(request, response, pool, null, upstream -> {
            Connected connected;
            try {
                connected = route.isTcpBridge()
                        ? connectTcp(route, upstream)
                        : connectWebSocket(request, route, upstream, remainder);
            } catch (WebSocketHandshakeException e) {
                int status = e.getResponse().statusCode();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Forwarding route {0}: upstream {1} refused the WebSocket" + " handshake with {2}",
                        route.name(),
                        upstream,
                        status);
                respond(
                        response,
                        HttpServletResponse.SC_BAD_GATEWAY,
                        "Bad Gateway: the upstream refused the WebSocket handshake with status " + status);
                return null;
            } catch (IOException | RuntimeException e) {
                pool.failed(upstream, e);
                if (isConnectFailure(e)) {
                    return e;
                }
                onUpstreamFailure(request, response, route, upstream.base(), e);
                return null;
            }
            pool.succeeded(upstream);
            upstream.acquire();
            ServerEndpointConfig config = ServerEndpointConfig.Builder.create(connected.endpointClass(), "/")
                    .subprotocols(connected.subprotocol().isEmpty() ? List.of() : List.of(connected.subprotocol()))
                    .configurator(new RelayConfigurator(connected.subprotocol(), connected.endpoint()))
                    .build();
            try {
                container.upgradeHttpToWebSocket(request, response, config, Map.of());
            } catch (DeploymentException | IOException | RuntimeException e) {
                connected.abort().run();
                upstream.release();
                throw new ServletException("WebSocket upgrade for route " + route.name() + " failed", e);
            }
            return null;
        });
    }

    private Connected connectWebSocket(HttpServletRequest request, Route route, Upstream upstream, String remainder)
            throws IOException {
        URI target = rewriteTarget(request, route, upstream.base(), remainder, true);
        List<String> offer = new ArrayList<>();
        for (String value : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    offer.add(token.trim());
                }
            }
        }
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (!offer.isEmpty()) {
            builder.subprotocols(
                    offer.getFirst(), offer.subList(1, offer.size()).toArray(String[]::new));
        }
        BiConsumer<String, String> header = (name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
                return;
            }
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Header {0} not forwarded: {1}",
                        LogSafe.of(name),
                        LogSafe.of(e.getMessage()));
            }
        };
        copyRequestHeaders(request, withoutCredentials(request, route, header));
        addForwardedHeaders(request, header);
        hostHeader(request, route).ifPresent(value -> builder.header("Host", value));
        UpstreamListener listener = new UpstreamListener(route.name());
        CompletableFuture<WebSocket> future = builder.buildAsync(target, listener);
        WebSocket webSocket;
        try {
            webSocket = future.get(route.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("WebSocket handshake with " + target + " timed out");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
        return new Connected(
                WebSocketRelay.class,
                webSocket.getSubprotocol() == null ? "" : webSocket.getSubprotocol(),
                () -> new WebSocketRelay(webSocket, listener, upstream::release),
                webSocket::abort);
    }

    private Connected connectTcp(Route route, Upstream upstream) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(
                    new InetSocketAddress(
                            upstream.base().getHost(), upstream.base().getPort()),
                    (int) settings.connectTimeout().toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Connected(TcpBridge.class, "", () -> new TcpBridge(socket, route.name(), upstream::release), () -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // The upgrade failed; releasing the descriptor is all that is left to do.
            }
        });
    }

    private record Connected(
            Class<? extends jakarta.websocket.Endpoint> endpointClass,
            String subprotocol,
            java.util.function.Supplier<? extends jakarta.websocket.Endpoint> endpoint,
            Runnable abort) {}

    // ---------------------------------------------------------------------------------------------- helpers

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return "GET".equals(request.getMethod())
                && upgrade != null
                && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rewriteLocation(HttpServletRequest request, Route route, URI upstream, String value) {
        URI location;
        try {
            location = URI.create(value);
        } catch (IllegalArgumentException e) {
            return value;
        }
        if (!location.isAbsolute()) {
            return value;
        }
        URI base = Targets.httpBase(upstream);
        if (!base.getRawAuthority().equalsIgnoreCase(location.getRawAuthority())
                || !base.getScheme().equalsIgnoreCase(location.getScheme())) {
            return value;
        }
        String basePath = base.getRawPath().endsWith("/")
                ? base.getRawPath().substring(0, base.getRawPath().length() - 1)
                : base.getRawPath();
        String path = location.getRawPath() == null ? "" : location.getRawPath();
        if (!path.startsWith(basePath)) {
            return value;
        }
        String rest = path.substring(basePath.length());
        String publicPath = request.getContextPath() + (route.strip() ? route.prefix() + rest : rest);
        String origin = request.getScheme() + "://" + publicHost(request);
        return origin
                + (publicPath.isEmpty() ? "/" : publicPath)
                + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery())
                + (location.getRawFragment() == null ? "" : "#" + location.getRawFragment());
    }

    /**
     * The {@code Host} the upstream is sent under the route's host policy, or empty to let the client library
     * send the upstream's own authority.
     */
    private static Optional<String> hostHeader(HttpServletRequest request, Route route) {
        return switch (route.hostPolicy()) {
            case UPSTREAM -> Optional.empty();
            case PRESERVE -> Optional.of(publicHost(request));
            case FIXED -> route.fixedHost();
        };
    }

    /** The authority the client addressed: {@code Host} in HTTP/1.1, {@code :authority} in HTTP/2. */
    private static String publicHost(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host != null && !host.isBlank()) {
            return host;
        }
        String name = request.getServerName();
        int port = request.getServerPort();
        boolean defaultPort = port == ("https".equals(request.getScheme()) ? 443 : 80);
        return (name.contains(":") ? "[" + name + "]" : name) + (defaultPort ? "" : ":" + port);
    }

    /**
     * Answers a request for which every upstream was tried or none is in rotation: the last connection failure
     * (502/504) when there was one, otherwise 503.
     */
    private void noUpstreamLeft(
            HttpServletRequest request, HttpServletResponse response, Route route, Upstream last, Throwable lastFailure)
            throws IOException {
        if (lastFailure != null) {
            onUpstreamFailure(request, response, route, last.base(), lastFailure);
            return;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Forwarding route {0}: no upstream in rotation for {1}",
                route.name(),
                LogSafe.of(request.getRequestURI()));
        respond(
                response,
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "Service Unavailable: no upstream of " + route.name() + " is available");
    }

    private static void respond(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The client's upload, counted, remembering whether reading it failed (the client went away). */
    private static final class CountingInput extends InputStream {
        private final HttpServletRequest request;
        private InputStream in;
        volatile long count;
        volatile boolean clientFailed;

        CountingInput(HttpServletRequest request) {
            this.request = request;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = request.getInputStream();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in().read(b, off, len);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                clientFailed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            // The container owns the request stream.
        }
    }
}
