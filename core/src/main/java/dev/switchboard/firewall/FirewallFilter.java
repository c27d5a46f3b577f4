package dev.switchboard.firewall;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * First filter of Switchboard's chain. It has no rules yet and passes every request on; IP lists, rate limits
 * and bans will be enforced here, ahead of authentication.
 */
public final class FirewallFilter implements jakarta.servlet.Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
    }
}
