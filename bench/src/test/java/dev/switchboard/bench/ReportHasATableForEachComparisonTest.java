package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The report keeps the servers' comparison in its table and puts the cluster fan-out's cross-node / single-node
 * figures in one of their own, with their ratio; the targets judge only the servers' comparison.
 */
class ReportHasATableForEachComparisonTest {

    @Test
    void clusterFiguresGetTheirOwnTableAndRatioBesideTheServersTable() {
        Results results = new Results();
        results.add("fan-out", "N=100 throughput", "deliveries/s", Results.Better.HIGHER, ServerKind.SWITCHBOARD, 900);
        results.add("fan-out", "N=100 throughput", "deliveries/s", Results.Better.HIGHER, ServerKind.BASELINE, 1000);
        Results.Columns nodes = ClusterFanoutScenario.COLUMNS;
        for (double value : new double[] {300, 100, 200}) {
            results.add(
                    ClusterFanoutScenario.NAME,
                    "N=100 throughput",
                    "deliveries/s",
                    Results.Better.HIGHER,
                    nodes,
                    "cross-node",
                    value);
        }
        results.add(
                ClusterFanoutScenario.NAME,
                "N=100 throughput",
                "deliveries/s",
                Results.Better.HIGHER,
                nodes,
                "single-node",
                800);

        String markdown = results.markdown();

        assertThat(markdown)
                .contains("| Scenario | Figure | Switchboard median (min–max) | Raw Jetty median (min–max) |"
                        + " Switchboard / raw |")
                .contains("| fan-out | N=100 throughput (deliveries/s, higher is better) | 900 (900–900) |"
                        + " 1,000 (1,000–1,000) | 0.90 |")
                .contains("| Scenario | Figure | Cross-node median (min–max) | Single node median (min–max) |"
                        + " cross-node / single-node |")
                .contains("| cluster fan-out | N=100 throughput (deliveries/s, higher is better) | 200 (100–300) |"
                        + " 800 (800–800) | 0.25 |");
        assertThat(markdown.indexOf("Switchboard / raw")).isLessThan(markdown.indexOf("cross-node / single-node"));
        assertThat(results.json())
                .contains("\"scenario\": \"cluster fan-out\", \"name\": \"N=100 throughput\"")
                .contains("\"cross-node\": {\"median\": 200.0000, \"min\": 100.0000, \"max\": 300.0000,"
                        + " \"rounds\": [300.0000, 100.0000, 200.0000]}")
                .contains("\"single-node\": {\"median\": 800.0000")
                .contains("\"ratio\": 0.2500")
                .contains("\"switchboard\": {\"median\": 900.0000");

        Targets.check(results, Settings.full());
        assertThat(results.notes()).containsExactly("target fan-out N=100 throughput >= 0.8 x raw: met (0.90)");
    }

    @Test
    void aFigureComparesOneKindOfSeriesOnly() {
        Results results = new Results();
        results.add("fan-out", "N=100 throughput", "deliveries/s", Results.Better.HIGHER, ServerKind.SWITCHBOARD, 1);

        assertThatThrownBy(() -> results.add(
                        "fan-out",
                        "N=100 throughput",
                        "deliveries/s",
                        Results.Better.HIGHER,
                        ClusterFanoutScenario.COLUMNS,
                        "cross-node",
                        1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> results.add(
                        ClusterFanoutScenario.NAME,
                        "N=100 throughput",
                        "deliveries/s",
                        Results.Better.HIGHER,
                        ClusterFanoutScenario.COLUMNS,
                        "switchboard",
                        1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
