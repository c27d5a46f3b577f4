package dev.switchboard.embedded.firewall;

import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.FirewallRule;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** A custom firewall rule: a request carrying {@code X-Blocked} is refused with 451 and a reason header. */
@ApplicationScoped
@Priority(10)
public class HeaderRule implements FirewallRule {

    @Override
    public CheckResult check(FirewallRequest request) {
        return request.header("X-Blocked").isPresent()
                ? CheckResult.reject(451, java.util.Map.of("X-Reason", java.util.List.of("blocked header")), "Blocked")
                : CheckResult.notApplicable();
    }
}
