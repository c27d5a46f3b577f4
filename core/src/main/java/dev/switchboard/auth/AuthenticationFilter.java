package dev.switchboard.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Second filter of Switchboard's chain, after the firewall. It has no authentication modes yet and passes every
 * request on; session, Basic and bearer authentication will be enforced here, before any handshake.
 */
public final class AuthenticationFilter implements jakarta.servlet.Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
    }
}
