package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.testing.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Extra detector expressions from the configuration are RE2/J expressions too, so they cannot backtrack. */
class ConfiguredPatternsRunInLinearTimeTest {

    @Test
    void aNestedQuantifierThatBacktrackingWouldNeverFinishIsMatchedAtOnce() {
        Firewall firewall = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_SQL_INJECTION_PATTERNS,
                        "^(a+)+$"),
                new MutableClock());
        // With java.util.regex this text takes time exponential in its length (2^40 steps); RE2/J is linear.
        String text = "a".repeat(40) + "!";
        assertThat(firewall.checkText(connection("c", "192.0.2.1"), text))
                .isEqualTo(InboundMessageCheck.Verdict.ACCEPT);
        assertThat(firewall.checkText(connection("c", "192.0.2.1"), "A".repeat(40)))
                .as("matched, case-insensitive")
                .isInstanceOf(InboundMessageCheck.Verdict.Refuse.class);
    }

    @Test
    void lookaroundIsRefusedAtStartNamingTheKey() {
        assertThatThrownBy(() -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_XSS_PATTERNS, "(?<=x)y")))
                .hasMessageContaining(ConfigKeys.FIREWALL_XSS_PATTERNS);
    }
}
