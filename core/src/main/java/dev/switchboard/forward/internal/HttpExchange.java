package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * One plain HTTP exchange through a route: the request goes to an upstream the pool chooses, with its headers
 * filtered and the forwarding headers added, and the answer comes back with hop-by-hop headers dropped.
 *
 * <p>The exchange runs blocking on the request thread: the embedded server serves requests on virtual threads, so
 * an exchange in flight holds no platform thread there (on an application server each holds one worker thread).
 * Bodies are streamed both ways in 16 KiB steps with the JDK client's bounded buffering, so no body is ever held in
 * memory. A failure to write to the client closes the upstream response stream, which cancels the upstream
 * exchange; a failure to read the client's upload fails the upstream request. An upstream that could not be
 * reached before any of the body was sent hands the exchange on to the next upstream.
 */
public final class HttpExchange {

    private static final System.Logger LOG = System.getLogger(HttpExchange.class.getName());
    private static final int CHUNK = 16 * 1024;

    private final HttpClient client;
    private final ProxyHooks hooks;

    /**
     * Creates the exchanges of one filter.
     *
     * @param client the client to send with
     * @param hooks  the filter's hooks
     */
    public HttpExchange(HttpClient client, ProxyHooks hooks) {
        this.client = client;
        this.hooks = hooks;
    }

    /**
     * Forwards a request and answers the client.
     *
     * @param request   the client's request
     * @param response  the client's response
     * @param pool      the matched route's upstreams
     * @param remainder the canonical path after the route's prefix
     * @throws IOException      when the client cannot be answered
     * @throws ServletException when the exchange cannot go on
     */
    public void forward(HttpServletRequest request, HttpServletResponse response, UpstreamPool pool, String remainder)
            throws IOException, ServletException {
        Route route = pool.route();
        String sticky = route.stickyCookie().map(name -> cookie(request, name)).orElse(null);
        CountingInput body = hasBody(request) ? new CountingInput(request) : null;
        Optional<Failover.Exhausted> exhausted = Failover.run(pool, sticky, upstream -> {
            HttpRequest exchange;
            try {
                exchange = buildRequest(request, route, upstream, remainder, body);
            } catch (IllegalArgumentException e) {
                UpstreamFailures.respond(
                        response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request: " + e.getMessage());
                return null;
            }
            upstream.acquire();
            try {
                return send(request, response, pool, upstream, sticky, exchange, body);
            } finally {
                upstream.release();
            }
        });
        if (exhausted.isPresent()) {
            UpstreamFailures.noUpstreamLeft(request, response, route, hooks, exhausted.get());
        }
    }

    private Throwable send(
            HttpServletRequest request,
            HttpServletResponse response,
            UpstreamPool pool,
            Upstream upstream,
            String sticky,
            HttpRequest exchange,
            CountingInput body)
            throws IOException {
        Route route = pool.route();
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
            if (body != null && body.clientFailed()) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Forwarding route {0}: the client went away during the upload; upstream exchange cancelled",
                        route.name());
                return null;
            }
            pool.failed(upstream, cause);
            if (UpstreamFailures.isConnectFailure(cause) && (body == null || body.count() == 0)) {
                // Nothing of the request reached anyone: another upstream may take it.
                return cause;
            }
            hooks.onUpstreamFailure(request, response, route, upstream.base(), cause);
            return null;
        }
        pool.succeeded(upstream);
        relayResponse(request, response, route, upstream, sticky, answer);
        return null;
    }

    private HttpRequest buildRequest(
            HttpServletRequest request, Route route, Upstream upstream, String remainder, CountingInput body) {
        URI target = hooks.rewriteTarget(request, route, upstream.base(), remainder, false);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(route.timeout());
        Optional<String> host = ForwardHeaders.hostHeader(route, publicHost(request));
        if ("https".equalsIgnoreCase(target.getScheme()) && host.isEmpty()) {
            // With a chosen Host the exchange stays on HTTP/1.1: over HTTP/2 the upstream would go by the
            // :authority the client library derives from the URI (RFC 9113 section 8.3.1), not by Host.
            builder.version(HttpClient.Version.HTTP_2);
        }
        host.ifPresent(value -> builder.header("Host", value));
        BiConsumer<String, String> header = ForwardHeaders.lenient(builder::header);
        hooks.upstreamHeaders(request, route, header);
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
            copyResponseHeaders(request, response, route, upstream, answer.headers());
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
                    hooks.onUpstreamFailure(request, response, route, upstream.base(), e);
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
                            "Forwarding route {0}: the client went away; upstream exchange cancelled",
                            route.name());
                    return;
                }
            }
        }
    }

    private void copyResponseHeaders(
            HttpServletRequest request,
            HttpServletResponse response,
            Route route,
            Upstream upstream,
            HttpHeaders headers) {
        Set<String> dropped = HopByHop.dropped(headers.allValues("connection"));
        for (Map.Entry<String, List<String>> entry : headers.map().entrySet()) {
            String name = entry.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || dropped.contains(lower) || lower.equals("content-length")) {
                continue;
            }
            boolean first = true;
            for (String value : entry.getValue()) {
                String filtered = hooks.filterResponseHeader(request, route, upstream.base(), name, value);
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
    }

    /**
     * The authority the client addressed: {@code Host} in HTTP/1.1, {@code :authority} in HTTP/2.
     *
     * @param request the client's request
     * @return the authority
     */
    public static String publicHost(HttpServletRequest request) {
        return ForwardHeaders.publicHost(
                request.getHeader("Host"), request.getScheme(), request.getServerName(), request.getServerPort());
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
}
