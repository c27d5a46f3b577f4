package dev.switchboard.web;

import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import dev.switchboard.log.LogSafe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * First filter of Switchboard's chain: computes the request's {@link RequestPath canonical path} once, for every
 * filter after it, and refuses a request whose raw path is ambiguous with 400 before any of them decides.
 */
public final class RequestPathFilter implements jakarta.servlet.Filter {

    private static final System.Logger LOG = System.getLogger(RequestPathFilter.class.getName());

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out) {
            try {
                RequestPath.of(http);
            } catch (AmbiguousPathException e) {
                // The path itself is not logged: it is attacker-chosen text, and the reason says what was wrong.
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused {0} from {1}: ambiguous request path ({2})",
                        LogSafe.of(http.getMethod()),
                        http.getRemoteAddr(),
                        e.getMessage());
                byte[] body = ("Bad Request: ambiguous request path (" + e.getMessage() + ")\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                out.setHeader("Cache-Control", "no-store");
                out.setHeader("Connection", "close");
                out.setContentType("text/plain;charset=utf-8");
                out.setContentLength(body.length);
                out.getOutputStream().write(body);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
