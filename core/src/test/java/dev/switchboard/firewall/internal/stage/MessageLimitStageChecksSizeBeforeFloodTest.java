package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.internal.RateBuckets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLimitStageChecksSizeBeforeFloodTest {

    private static MessageLimitStage stage(Stages parts) {
        return new MessageLimitStage(
                parts.settings, parts.clock, new RateBuckets(parts.clock), parts.counters, Stages.IDLE_MILLIS);
    }

    private static Map<String, String> limits(String payloadAction) {
        Map<String, String> values = new HashMap<>();
        values.put(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, "true");
        values.put(ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, "4");
        values.put(ConfigKeys.FIREWALL_PAYLOAD_ACTION, payloadAction);
        values.put(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true");
        values.put(ConfigKeys.FIREWALL_FLOOD_MAX, "1");
        return values;
    }

    @Test
    void anOversizeMessageIsRefusedWith1009BeforeItCountsTowardsTheFlood() {
        Stages parts = new Stages(limits("deny"));
        MessageLimitStage stage = stage(parts);
        assertThat(stage.message(parts.binary("192.0.2.1", 5)))
                .isEqualTo(
                        Decision.refuse(new MessageRefusal("payload", CloseCodes.MESSAGE_TOO_BIG, "Message too big")));
        assertThat(stage.message(parts.text("192.0.2.1", "/", "éé")))
                .as("four UTF-8 bytes fit, and the flood allowance was not spent by the oversize message")
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.message(parts.text("192.0.2.1", "/", "x")))
                .isEqualTo(Decision.refuse(new MessageRefusal("flood", CloseCodes.POLICY_VIOLATION, "Message flood")));
        parts.clock.advance(Duration.ofSeconds(1));
        assertThat(stage.message(parts.text("192.0.2.1", "/", "x"))).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void inLogModeAnOversizeMessageIsCountedAndStillMeetsTheFloodLimit() {
        Stages parts = new Stages(limits("log"));
        MessageLimitStage stage = stage(parts);
        assertThat(stage.message(parts.text("192.0.2.1", "/", "too long"))).isInstanceOf(Decision.Pass.class);
        assertThat(parts.counters.snapshot()).containsEntry("payload-logged", 1L);
        assertThat(stage.message(parts.text("192.0.2.1", "/", "too long"))).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void itJudgesNoRequest() {
        Stages parts = new Stages(limits("deny"));
        assertThat(stage(parts).request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1")))
                .isInstanceOf(Decision.Pass.class);
    }
}
