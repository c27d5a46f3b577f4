package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.Refusal;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CustomRuleStagePermitsRejectsAndFailsClosedTest {

    private final Stages parts = new Stages(Map.of());

    private Decision<Refusal> ask(CustomRuleStage stage, String path) {
        return stage.request(Stages.request("192.0.2.1", path, false), parts.client("192.0.2.1"));
    }

    @Test
    void theFirstDecisiveRuleWinsAndAPermitSkipsTheLaterStages() {
        FirewallRule open = request ->
                request.requestUri().getPath().equals("/open") ? CheckResult.permit() : CheckResult.notApplicable();
        FirewallRule closed = request -> request.requestUri().getPath().startsWith("/closed")
                ? CheckResult.reject(401, Map.of("WWW-Authenticate", List.of("Basic")), "No")
                : CheckResult.notApplicable();
        CustomRuleStage stage = new CustomRuleStage(() -> List.of(open, closed));
        assertThat(ask(stage, "/open")).isInstanceOf(Decision.Allow.class);
        assertThat(ask(stage, "/closed"))
                .isEqualTo(Decision.refuse(
                        new Refusal("custom", 401, 0, "No", Map.of("WWW-Authenticate", List.of("Basic")))));
        assertThat(ask(stage, "/other")).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void aRuleThatThrowsRefusesTheRequestWith500() {
        CustomRuleStage stage = new CustomRuleStage(() -> List.of(request -> {
            throw new IllegalStateException("boom");
        }));
        assertThat(ask(stage, "/")).isEqualTo(Decision.refuse(new Refusal("custom", 500, 0, "Internal Server Error")));
    }

    @Test
    void theRulesAreLookedUpOnceAtFirstUse() {
        AtomicInteger lookups = new AtomicInteger();
        CustomRuleStage stage = new CustomRuleStage(() -> {
            lookups.incrementAndGet();
            return List.of();
        });
        assertThat(lookups).hasValue(0);
        assertThat(stage.hasRules()).isFalse();
        ask(stage, "/");
        assertThat(lookups).hasValue(1);
    }
}
