package dev.switchboard.embedded.security;

import dev.switchboard.firewall.Firewall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * A test bean that hands the running server's {@link Firewall} to the test, so it can read the firewall's counters
 * (refusals, ban-file writes) without going through the admin API.
 */
@ApplicationScoped
public class FirewallProbe {

    static volatile Firewall firewall;

    void started(@Observes @Initialized(ApplicationScoped.class) Object event, Firewall running) {
        firewall = running;
    }

    static long counter(String name) {
        return firewall.counters().getOrDefault(name, 0L);
    }
}
