package dev.switchboard.firewall;

import dev.switchboard.api.event.AuthenticationFailedEvent;
import dev.switchboard.log.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Feeds brute-force protection: every {@link AuthenticationFailedEvent} (fired synchronously by the authentication
 * filter, or by an application) counts as a failed attempt of its client address, as if the application had called
 * {@link Firewall#registerFailedAttempt}. An address that is not an IP literal is logged and ignored.
 */
@ApplicationScoped
public class FailedAuthenticationObserver {

    private static final System.Logger LOG = System.getLogger(FailedAuthenticationObserver.class.getName());

    @Inject
    Firewall firewall;

    void failed(@Observes AuthenticationFailedEvent event) {
        AddressSet.literal(event.clientAddress())
                .ifPresentOrElse(
                        firewall::registerFailedAttempt,
                        () -> LOG.log(
                                System.Logger.Level.WARNING,
                                "Failed authentication of '" + LogSafe.of(event.user()) + "' reported for '"
                                        + LogSafe.of(event.clientAddress())
                                        + "', which is not an IP address; not counted"));
    }
}
