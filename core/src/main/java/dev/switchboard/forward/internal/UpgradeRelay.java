package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import dev.switchboard.http.WebSocketUpgrade;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Turns a client's WebSocket upgrade into a relay: first the upstream side is connected (a WebSocket handshake
 * offering the client's subprotocols, or a TCP connection for a {@code tcp://} route), then the client's handshake
 * is completed through the container with the upstream's subprotocol choice, and a {@link WebSocketRelay} or
 * {@link TcpBridge} carries the frames from then on. An upstream that cannot be connected hands the upgrade on to
 * the next; one that refuses the handshake is answered 502 with its status.
 *
 * <p>Closing it ends every open TCP bridge; relayed WebSockets end with the {@link UpstreamClient}.
 */
public final class UpgradeRelay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UpgradeRelay.class.getName());
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Duration connectTimeout;
    private final ProxyHooks hooks;
    private final WebSocketUpgrade container;
    private final OpenBridges bridges = new OpenBridges();

    /** What the upstream side of a relay needs to become the client's endpoint. */
    private record Connected(
            Class<? extends Endpoint> endpointClass,
            String subprotocol,
            Supplier<? extends Endpoint> endpoint,
            Runnable abort) {}

    /**
     * Creates the relays of one filter.
     *
     * @param client         the client to open upstream WebSockets with
     * @param connectTimeout time allowed to open a connection to an upstream
     * @param hooks          the filter's hooks
     * @param container      upgrades through the WebSocket container, or null when the server has none
     */
    public UpgradeRelay(HttpClient client, Duration connectTimeout, ProxyHooks hooks, WebSocketUpgrade container) {
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.hooks = hooks;
        this.container = container;
    }

    /**
     * The TCP bridges open now.
     *
     * @return the bridges
     */
    public OpenBridges bridges() {
        return bridges;
    }

    /**
     * Relays a WebSocket upgrade and answers the client (101, or the refusal).
     *
     * @param request   the client's upgrade request
     * @param response  the client's response
     * @param pool      the matched route's upstreams
     * @param remainder the canonical path after the route's prefix
     * @throws IOException      when the client cannot be answered
     * @throws ServletException when the container's upgrade fails
     */
    public void relay(HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        if (container == null) {
            UpstreamFailures.respond(
                    response, HttpServletResponse.SC_NOT_IMPLEMENTED, "WebSocket is not available on this server");
            return;
        }
        Optional<Failover.Exhausted> exhausted =
                Failover.run(pool, null, upstream -> tryWith(request, response, pool, upstream, remainder));
        if (exhausted.isPresent()) {
            UpstreamFailures.noUpstreamLeft(request, response, route, hooks, exhausted.get());
        }
    }

    private Throwable tryWith(
            HttpServletRequest request,
            HttpServletResponse response,
            UpstreamPool pool,
            Upstream upstream,
            String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        Connected connected;
        try {
            connected = route.isTcpBridge()
                    ? connectTcp(route, upstream)
                    : connectWebSocket(request, route, upstream, remainder);
        } catch (WebSocketHandshakeException e) {
            int status = e.getResponse().statusCode();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Forwarding route {0}: upstream {1} refused the WebSocket handshake with {2}",
                    route.name(),
                    upstream,
                    status);
            UpstreamFailures.respond(
                    response,
                    HttpServletResponse.SC_BAD_GATEWAY,
                    "Bad Gateway: the upstream refused the WebSocket handshake with status " + status);
            return null;
        } catch (IOException | RuntimeException e) {
            pool.failed(upstream, e);
            if (UpstreamFailures.isConnectFailure(e)) {
                return e;
            }
            hooks.onUpstreamFailure(request, response, route, upstream.base(), e);
            return null;
        }
        pool.succeeded(upstream);
        upstream.acquire();
        try {
            container.upgrade(
                    request,
                    response,
                    connected.endpointClass(),
                    connected.subprotocol().isEmpty() ? List.of() : List.of(connected.subprotocol()),
                    List.of(),
                    new RelayConfigurator(connected.subprotocol(), connected.endpoint()));
        } catch (DeploymentException | IOException | RuntimeException e) {
            connected.abort().run();
            upstream.release();
            throw new ServletException("WebSocket upgrade for route " + route.name() + " failed", e);
        }
        return null;
    }

    private Connected connectWebSocket(HttpServletRequest request, Route route, Upstream upstream, String remainder)
            throws IOException {
        URI target = hooks.rewriteTarget(request, route, upstream.base(), remainder, true);
        List<String> offer = new ArrayList<>();
        for (String value : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    offer.add(token.trim());
                }
            }
        }
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(connectTimeout);
        if (!offer.isEmpty()) {
            builder.subprotocols(
                    offer.getFirst(), offer.subList(1, offer.size()).toArray(String[]::new));
        }
        BiConsumer<String, String> lenient = ForwardHeaders.lenient(builder::header);
        BiConsumer<String, String> header = (name, value) -> {
            // The handshake headers are the WebSocket client's own.
            if (!name.toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
                lenient.accept(name, value);
            }
        };
        hooks.upstreamHeaders(request, route, header);
        ForwardHeaders.hostHeader(route, HttpExchange.publicHost(request))
                .ifPresent(value -> builder.header("Host", value));
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
                    (int) connectTimeout.toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Connected(
                TcpBridge.class, "", () -> new TcpBridge(socket, route.name(), upstream::release, bridges), () -> {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // The upgrade failed; releasing the descriptor is all that is left to do.
                    }
                });
    }

    @Override
    public void close() {
        bridges.closeAll(STOP_DEADLINE);
    }
}
