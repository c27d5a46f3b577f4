package dev.switchboard.embedded.firewall;

import dev.switchboard.api.event.AuthenticationFailedEvent;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Stands in for the authentication filter: a handshake with {@code ?token=bad} is refused and fires the
 * {@link AuthenticationFailedEvent} the real filter will fire; nothing calls the firewall directly.
 */
@ApplicationScoped
public class TokenCheck implements UpgradeCheck {

    @Inject
    Event<AuthenticationFailedEvent> failures;

    @Override
    public CheckResult check(UpgradeRequest request) {
        String query = request.requestUri().getRawQuery();
        if (query != null && query.contains("token=bad")) {
            failures.fire(new AuthenticationFailedEvent(request.remoteAddress().getHostString(), "someone", "bearer",
                    Instant.now()));
            return CheckResult.reject(401, "Bad token");
        }
        return CheckResult.notApplicable();
    }
}
