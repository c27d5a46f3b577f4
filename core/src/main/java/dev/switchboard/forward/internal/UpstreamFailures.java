package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import dev.switchboard.log.LogSafe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * What a client is answered when forwarding fails: 504 for an upstream that did not answer in time, 502 for one
 * that failed otherwise, 503 when no upstream is in rotation; and which failures left the request untouched, so
 * that another upstream may take it.
 */
public final class UpstreamFailures {

    private static final System.Logger LOG = System.getLogger(UpstreamFailures.class.getName());

    private UpstreamFailures() {}

    /**
     * Whether a failure is a timeout, anywhere in its cause chain.
     *
     * @param failure the failure
     * @return true for a timeout
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure means the connection to the upstream was never made, so nothing of the request reached it.
     *
     * @param failure the failure
     * @return true for a refused or timed-out connect
     */
    public static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The status a failure is answered with.
     *
     * @param failure the failure
     * @return 504 for a timeout, 502 otherwise
     */
    public static int status(Throwable failure) {
        return isTimeout(failure) ? HttpServletResponse.SC_GATEWAY_TIMEOUT : HttpServletResponse.SC_BAD_GATEWAY;
    }

    /**
     * Answers a failed exchange with {@link #status} and a short body, logging a line that names the route; when the
     * response is already committed the client connection is aborted instead.
     *
     * @param request  the client's request
     * @param response the client's response
     * @param route    the route
     * @param upstream the upstream base that failed
     * @param failure  what went wrong
     * @throws IOException when the response cannot be written (or was committed, to abort it)
     */
    public static void answer(
            HttpServletRequest request, HttpServletResponse response, Route route, URI upstream, Throwable failure)
            throws IOException {
        int status = status(failure);
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
                status == HttpServletResponse.SC_GATEWAY_TIMEOUT
                        ? "Gateway Timeout: the upstream of " + route.name() + " did not answer in time"
                        : "Bad Gateway: the upstream of " + route.name() + " could not be reached");
    }

    /**
     * Answers a request for which every upstream was tried or none is in rotation: the last connection failure
     * through the hooks when there was one, otherwise 503.
     *
     * @param request   the client's request
     * @param response  the client's response
     * @param route     the route
     * @param hooks     the proxy's hooks
     * @param exhausted what the failover left
     * @throws IOException when the response cannot be written
     */
    public static void noUpstreamLeft(
            HttpServletRequest request,
            HttpServletResponse response,
            Route route,
            ProxyHooks hooks,
            Failover.Exhausted exhausted)
            throws IOException {
        if (exhausted.lastFailure() != null) {
            hooks.onUpstreamFailure(request, response, route, exhausted.last().base(), exhausted.lastFailure());
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

    /**
     * Answers with a one-line plain-text body.
     *
     * @param response the response
     * @param status   the status
     * @param message  the text
     * @throws IOException when writing fails
     */
    public static void respond(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
