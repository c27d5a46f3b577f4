package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorStageScansRequestsAndTextMessagesOnItsPathsTest {

    private static final String ATTACK = "x' OR 'a'='a";

    @Test
    void aDetectionOnACoveredPathRefusesTheRequestOrTheTextMessage() {
        Stages parts = new Stages(Map.of(
                ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true",
                ConfigKeys.FIREWALL_SQL_INJECTION_PATHS, "/api/*"));
        DetectorStage stage = new DetectorStage(parts.settings, parts.scores, parts.counters);
        assertThat(stage.request(
                        Stages.request("192.0.2.1", "/api/users?id=1'+or+'1'='1", false), parts.client("192.0.2.1")))
                .isEqualTo(Decision.refuse(new Refusal("sql-injection", 403, 0, "Forbidden")));
        assertThat(stage.request(
                        Stages.request("192.0.2.1", "/other?id=1'+or+'1'='1", false), parts.client("192.0.2.1")))
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.message(parts.text("192.0.2.1", "/api/ws", ATTACK)))
                .isEqualTo(Decision.refuse(
                        new MessageRefusal("sql-injection", CloseCodes.POLICY_VIOLATION, "Rejected by sql-injection")));
        assertThat(stage.message(parts.binary("192.0.2.1", 1000)))
                .as("binary messages are never scanned")
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.refusalsAddThreatPoints()).isFalse();
    }

    @Test
    void inLogModeADetectionLetsTheTextThroughButCountsAndScoresIt() {
        Stages parts = new Stages(Map.of(
                ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true",
                ConfigKeys.FIREWALL_SQL_INJECTION_ACTION, "log",
                ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED, "true",
                ConfigKeys.FIREWALL_THREAT_SCORE_DETECTION_POINTS, "30"));
        DetectorStage stage = new DetectorStage(parts.settings, parts.scores, parts.counters);
        assertThat(stage.message(parts.text("192.0.2.1", "/", ATTACK))).isInstanceOf(Decision.Pass.class);
        assertThat(parts.counters.snapshot()).containsEntry("sql-injection-logged", 1L);
        assertThat(parts.scores.score("192.0.2.1")).isEqualTo(30.0);
    }

    @Test
    void withEveryDetectorOffNothingIsScanned() {
        Stages parts = new Stages(Map.of());
        DetectorStage stage = new DetectorStage(parts.settings, parts.scores, parts.counters);
        assertThat(stage.message(parts.text("192.0.2.1", "/", ATTACK))).isInstanceOf(Decision.Pass.class);
    }
}
