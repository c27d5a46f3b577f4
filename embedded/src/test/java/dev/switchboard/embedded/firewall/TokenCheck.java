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
 * An application's own token check: a handshake with {@code ?token=bad} is refused and fires the
 * {@link AuthenticationFailedEvent} the authentication filter fires too; nothing calls the firewall directly.
 */
@ApplicationScoped
public class TokenCheck implements UpgradeCheck {

    @Inject
    Event<AuthenticationFailedEvent> failures;

    @Override
    public CheckResult check(UpgradeRequest request) {
        String query = request.requestUri().getRawQuery();
        if (query != null && query.contains("token=bad")) {
            failures.fire(new AuthenticationFailedEvent(
                    request.remoteAddress().getHostString(), "someone", "bearer", Instant.now()));
            return CheckResult.reject(401, "Bad token");
        }
        return CheckResult.notApplicable();
    }
}
