package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.InboundMessageCheck.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineRunsTheStagesInTheStageOrderTest {

    private final Stages parts = new Stages(Map.of(
            ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED, "true",
            ConfigKeys.FIREWALL_THREAT_SCORE_REFUSAL_POINTS, "10"));
    private final List<Stage> asked = new ArrayList<>();

    /** A stage that records that it was asked and answers as told. */
    private FirewallStage recording(Stage name, Decision<Refusal> answer, boolean scores) {
        return new FirewallStage() {
            @Override
            public Decision<Refusal> request(FirewallRequest request, Client client) {
                asked.add(name);
                return answer;
            }

            @Override
            public Decision<MessageRefusal> message(InboundMessage message) {
                asked.add(name);
                return Decision.pass();
            }

            @Override
            public boolean refusalsAddThreatPoints() {
                return scores;
            }
        };
    }

    private Pipeline pipeline(Map<Stage, Decision<Refusal>> answers, boolean scores) {
        Map<Stage, FirewallStage> stages = new EnumMap<>(Stage.class);
        // Put in reverse, so only the pipeline can bring them into order.
        for (Stage stage : List.of(Stage.values()).reversed()) {
            stages.put(stage, recording(stage, answers.getOrDefault(stage, Decision.pass()), scores));
        }
        return new Pipeline(stages, parts.counters, parts.scores);
    }

    @Test
    void everyStageIsAskedInTheOrderStageDefines() {
        assertThat(pipeline(Map.of(), true).request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1")))
                .isEmpty();
        assertThat(asked).containsExactly(Stage.values());
        asked.clear();
        assertThat(pipeline(Map.of(), true).message(parts.text("192.0.2.1", "/", "hi")))
                .isEqualTo(Verdict.ACCEPT);
        assertThat(asked).containsExactly(Stage.values());
    }

    @Test
    void anAllowSkipsTheLaterStages() {
        Pipeline pipeline = pipeline(Map.of(Stage.ADDRESS_LISTS, Decision.allow()), true);
        assertThat(pipeline.request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1")))
                .isEmpty();
        assertThat(asked).containsExactly(Stage.ADDRESS_LISTS);
    }

    @Test
    void aRefusalSkipsTheLaterStagesAndIsCountedAndScored() {
        Refusal refusal = new Refusal("geoip", 403, 0, "Forbidden");
        Pipeline pipeline = pipeline(Map.of(Stage.GEOIP, Decision.refuse(refusal)), true);
        assertThat(pipeline.request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1")))
                .contains(refusal);
        assertThat(asked).endsWith(Stage.GEOIP).doesNotContain(Stage.CUSTOM_RULES, Stage.DETECTORS);
        assertThat(parts.counters.snapshot()).containsEntry("geoip", 1L);
        assertThat(parts.scores.score("192.0.2.1")).isEqualTo(10.0);
    }

    @Test
    void aStageThatScoresOnItsOwnAddsNoRefusalPoints() {
        Pipeline pipeline = pipeline(Map.of(Stage.BAN_LIST, Decision.refuse(new Refusal("ban", 403, 0, "x"))), false);
        pipeline.request(Stages.request("192.0.2.1", "/", true), parts.client("192.0.2.1"));
        assertThat(parts.scores.score("192.0.2.1")).isZero();
    }

    @Test
    void aMissingStageFailsTheAssembly() {
        Map<Stage, FirewallStage> stages = new EnumMap<>(Stage.class);
        stages.put(Stage.ADDRESS_LISTS, new FirewallStage() {});
        assertThatThrownBy(() -> new Pipeline(stages, parts.counters, parts.scores))
                .hasMessageContaining("BAN_LIST");
    }

    @Test
    void anUnparsableClientIsRefusedAndCounted() {
        Pipeline pipeline = pipeline(Map.of(), true);
        assertThat(pipeline.refuseUnknownAddress("unix:/x").status()).isEqualTo(403);
        assertThat(parts.counters.snapshot()).containsEntry(Pipeline.RULE_UNKNOWN_ADDRESS, 1L);
    }
}
