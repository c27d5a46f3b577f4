package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.firewall;
import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BruteForceBansAfterFailuresInAWindowTest {

    private final MutableClock clock = new MutableClock();

    private Firewall seedExample(Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true",
                ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3",
                ConfigKeys.FIREWALL_BRUTE_FORCE_WINDOW, "30",
                ConfigKeys.FIREWALL_BAN_DURATION, "600",
                // Escalation is on by default; these examples judge the fixed ban duration unless they turn it on.
                ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, "false"));
        values.putAll(extra);
        return firewall(values, clock);
    }

    @Test
    void reachingMaxAttemptsBansUntilTheDurationEnds() {
        Firewall firewall = seedExample(Map.of());
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1"))).isFalse();
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1"))).isFalse();
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1")))
                .as("banned on reaching, not exceeding")
                .isTrue();
        assertThat(firewall.admit(ip("192.0.2.1"), false))
                .get()
                .extracting(Refusal::rule)
                .isEqualTo(Firewall.RULE_BAN);
        assertThat(firewall.admit(ip("192.0.2.2"), false)).isEmpty();
        clock.advance(Duration.ofSeconds(599));
        assertThat(firewall.isBanned("192.0.2.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(firewall.isBanned("192.0.2.1")).isFalse();
        assertThat(firewall.admit(ip("192.0.2.1"), false)).isEmpty();
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1")))
                .as("the counter was reset by the ban")
                .isFalse();
        assertThat(firewall.counters()).containsEntry(Firewall.COUNTER_BRUTE_FORCE_BANS, 1L);
    }

    @Test
    void byDefaultTenFailuresInFiveMinutesBanWithEscalation() {
        Firewall firewall = firewall(Map.of(), clock);
        for (int i = 0; i < 9; i++) {
            assertThat(firewall.registerFailedAttempt(ip("192.0.2.1"))).isFalse();
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1")))
                .as("the tenth within 300 s")
                .isTrue();
        assertThat(firewall.bans().getFirst().until()).contains(clock.instant().plusSeconds(300));
        clock.advance(Duration.ofSeconds(300));
        for (int i = 0; i < 10; i++) {
            firewall.registerFailedAttempt(ip("192.0.2.1"));
        }
        assertThat(firewall.bans().getFirst().until())
                .as("the second ban takes the second level")
                .contains(clock.instant().plusSeconds(1800));
        for (int i = 0; i < 9; i++) {
            assertThat(firewall.registerFailedAttempt(ip("192.0.2.2"))).isFalse();
            clock.advance(Duration.ofSeconds(34));
        }
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.2")))
                .as("the first failure left the window")
                .isFalse();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        Firewall firewall = seedExample(Map.of());
        firewall.registerFailedAttempt(ip("192.0.2.1"));
        firewall.registerFailedAttempt(ip("192.0.2.1"));
        clock.advance(Duration.ofSeconds(31));
        assertThat(firewall.registerFailedAttempt(ip("192.0.2.1"))).isFalse();
        assertThat(firewall.isBanned("192.0.2.1")).isFalse();
    }

    @Test
    void allowListedAddressesAreNeverBanned() {
        Firewall firewall = seedExample(Map.of(ConfigKeys.FIREWALL_ALLOW, "192.0.2.0/24"));
        for (int i = 0; i < 10; i++) {
            assertThat(firewall.registerFailedAttempt(ip("192.0.2.1"))).isFalse();
        }
        assertThat(firewall.isBanned("192.0.2.1")).isFalse();
    }

    @Test
    void repeatedBansEscalateAndTheEscalationResetsAfterAQuietPeriod() {
        Firewall firewall = seedExample(Map.of(
                ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED,
                "true",
                ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS,
                "60,600,0",
                ConfigKeys.FIREWALL_BAN_ESCALATION_RESET,
                "86400"));
        Runnable threeFailures = () -> {
            for (int i = 0; i < 3; i++) {
                firewall.registerFailedAttempt(ip("192.0.2.9"));
            }
        };
        threeFailures.run();
        assertThat(firewall.bans().getFirst().until()).contains(clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        threeFailures.run();
        assertThat(firewall.bans().getFirst().until()).contains(clock.instant().plusSeconds(600));
        clock.advance(Duration.ofSeconds(600));
        threeFailures.run();
        assertThat(firewall.bans().getFirst().until())
                .as("the last level, 0, is permanent")
                .isEmpty();
        firewall.unban("192.0.2.9");
        clock.advance(Duration.ofDays(1));
        threeFailures.run();
        assertThat(firewall.bans().getFirst().until())
                .as("back to the first level")
                .contains(clock.instant().plusSeconds(60));
    }

    @Test
    void manualBansWithZeroDurationArePermanentUntilRemoved() {
        Firewall firewall = seedExample(Map.of());
        firewall.ban("2001:db8::1", Duration.ZERO, "test");
        clock.advance(Duration.ofDays(3650));
        assertThat(firewall.isBanned("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(firewall.unban("2001:db8::1")).isTrue();
        assertThat(firewall.isBanned("2001:db8:0:0:0:0:0:1")).isFalse();
    }
}
