package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.Ban;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BruteForceStageBansOnReachingTheMaximumTest {

    private static Map<String, String> values(String enabled) {
        return Map.of(
                ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, enabled,
                ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "3",
                ConfigKeys.FIREWALL_BRUTE_FORCE_WINDOW, "30",
                ConfigKeys.FIREWALL_BAN_DURATION, "600",
                ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, "false");
    }

    private static BruteForceStage stage(Stages parts) {
        return new BruteForceStage(
                parts.settings, parts.clock, parts.bans, parts.escalation, parts.counters, Stages.IDLE_MILLIS);
    }

    @Test
    void theThirdFailureWithinTheWindowBansTheClientAndCountsTheBan() {
        Stages parts = new Stages(values("true"));
        BruteForceStage stage = stage(parts);
        assertThat(stage.failedAuthentication(parts.client("192.0.2.1"))).isInstanceOf(Decision.Pass.class);
        assertThat(stage.failedAuthentication(parts.client("192.0.2.1"))).isInstanceOf(Decision.Pass.class);
        Decision<Ban> third = stage.failedAuthentication(parts.client("192.0.2.1"));
        assertThat(third).isInstanceOf(Decision.Refuse.class);
        assertThat(((Decision.Refuse<Ban>) third).refusal().until())
                .contains(parts.clock.instant().plus(Duration.ofSeconds(600)));
        assertThat(parts.bans.isBanned("192.0.2.1")).isTrue();
        assertThat(parts.counters.snapshot()).containsEntry(BruteForceStage.COUNTER_BANS, 1L);
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        Stages parts = new Stages(values("true"));
        BruteForceStage stage = stage(parts);
        stage.failedAuthentication(parts.client("192.0.2.1"));
        stage.failedAuthentication(parts.client("192.0.2.1"));
        parts.clock.advance(Duration.ofSeconds(30));
        assertThat(stage.failedAuthentication(parts.client("192.0.2.1"))).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void offItCountsNothing() {
        Stages parts = new Stages(values("false"));
        BruteForceStage stage = stage(parts);
        for (int i = 0; i < 5; i++) {
            assertThat(stage.failedAuthentication(parts.client("192.0.2.1"))).isInstanceOf(Decision.Pass.class);
        }
        assertThat(stage.tracked()).isZero();
    }

    @Test
    void itJudgesNoRequestOrMessage() {
        Stages parts = new Stages(values("true"));
        BruteForceStage stage = stage(parts);
        assertThat(stage.request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1")))
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.message(parts.text("192.0.2.1", "/", "x"))).isInstanceOf(Decision.Pass.class);
    }
}
