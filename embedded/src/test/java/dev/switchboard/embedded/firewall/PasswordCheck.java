package dev.switchboard.embedded.firewall;

import dev.switchboard.firewall.AddressSet;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An application's own password check, outside Switchboard's authentication: a handshake with
 * {@code ?password=bad} is refused and reported to the firewall as a failed authentication.
 */
@ApplicationScoped
public class PasswordCheck implements UpgradeCheck {

    @Inject
    Firewall firewall;

    @Override
    public CheckResult check(UpgradeRequest request) {
        String query = request.requestUri().getRawQuery();
        if (query != null && query.contains("password=bad")) {
            AddressSet.literal(request.remoteAddress().getHostString()).ifPresent(firewall::registerFailedAttempt);
            return CheckResult.reject(401, "Bad password");
        }
        return CheckResult.notApplicable();
    }
}
