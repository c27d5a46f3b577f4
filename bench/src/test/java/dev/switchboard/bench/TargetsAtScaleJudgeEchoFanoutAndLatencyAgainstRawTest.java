package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The targets at scale: echo at 1,000 connections at least raw's, fan-out at 1,000 and 10,000 subscribers at least
 * 1.5 x raw's, p99 at 1,000 subscribers and 10,000 deliveries/s at most half of raw's; smaller sizes keep only the
 * general floor.
 */
class TargetsAtScaleJudgeEchoFanoutAndLatencyAgainstRawTest {

    private static void both(Results results, String scenario, String name, double switchboard, double raw) {
        Results.Better better = name.contains("p99") ? Results.Better.LOWER : Results.Better.HIGHER;
        results.add(scenario, name, "unit", better, ServerKind.SWITCHBOARD, switchboard);
        results.add(scenario, name, "unit", better, ServerKind.BASELINE, raw);
    }

    @Test
    void eachTargetAtScaleIsMetOrMissedWithItsRatio() {
        Results results = new Results();
        both(results, "echo", "c=100 throughput", 90, 100);
        both(results, "echo", "c=1000 throughput", 99, 100);
        both(results, "fan-out", "N=1000 throughput", 160, 100);
        both(results, "fan-out", "N=10000 throughput", 140, 100);
        both(results, "fan-out", "N=1000 p99 at 10000/s", 9_000, 20_000);

        Targets.check(results, Settings.full());

        assertThat(results.notes())
                .contains(
                        "target at scale: echo c=1000 throughput >= 1.0 x raw: MISSED (0.99)",
                        "target at scale: fan-out N=1000 throughput >= 1.5 x raw: met (1.60)",
                        "target at scale: fan-out N=10000 throughput >= 1.5 x raw: MISSED (1.40)",
                        "target at scale: fan-out p99 at 1,000 subscribers and 10,000 deliveries/s <= 0.5 x raw: met"
                                + " (9.00 ms; raw 20.00 ms)")
                .noneMatch(note -> note.startsWith("target at scale: echo c=100 "));
    }
}
