package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Node.js ws peer's figures go to a table of their own, Switchboard / Node ws, beside Switchboard / raw; the
 * Switchboard server's echo, fan-out and idle figures count in both, but not its allocation (Node has no such figure)
 * nor the scenarios the peer does not run; and the targets do not judge the peer's comparison.
 */
class ReportComparesSwitchboardWithNodeWsInItsOwnTableTest {

    @Test
    void nodeFiguresGetTheirOwnTableWithSwitchboardsFiguresBesideThem() {
        Results results = new Results();
        results.compareNodeWs();
        results.add("echo", "c=1 throughput", "round trips/s", Results.Better.HIGHER, ServerKind.SWITCHBOARD, 900);
        results.add("echo", "c=1 throughput", "round trips/s", Results.Better.HIGHER, ServerKind.BASELINE, 1000);
        results.add("echo", "c=1 throughput", "round trips/s", Results.Better.HIGHER, ServerKind.NODE_WS, 600);
        results.add(
                "echo", "c=1 server allocation per round trip", "B", Results.Better.LOWER, ServerKind.SWITCHBOARD, 1);
        results.add("echo", "c=1 server allocation per round trip", "B", Results.Better.LOWER, ServerKind.BASELINE, 1);
        results.add("idle", "C=40 heap per connection", "bytes", Results.Better.LOWER, ServerKind.SWITCHBOARD, 3000);
        results.add("idle", "C=40 heap per connection", "bytes", Results.Better.LOWER, ServerKind.BASELINE, 2000);
        results.add("idle", "C=40 heap per connection", "bytes", Results.Better.LOWER, ServerKind.NODE_WS, 1500);
        results.add("SSE fan-out", "N=10 throughput", "deliveries/s", Results.Better.HIGHER, ServerKind.SWITCHBOARD, 5);
        results.add("SSE fan-out", "N=10 throughput", "deliveries/s", Results.Better.HIGHER, ServerKind.BASELINE, 5);

        String markdown = results.markdown();

        assertThat(markdown)
                .contains("| Scenario | Figure | Switchboard median (min–max) | Node ws median (min–max) |"
                        + " Switchboard / Node ws |")
                .contains("| echo, Node ws | c=1 throughput (round trips/s, higher is better) | 900 (900–900) |"
                        + " 600 (600–600) | 1.50 |")
                .contains("| idle, Node ws | C=40 heap per connection (bytes, lower is better) | 3,000 (3,000–3,000) |"
                        + " 1,500 (1,500–1,500) | 2.00 |")
                .contains("| echo | c=1 throughput (round trips/s, higher is better) | 900 (900–900) |"
                        + " 1,000 (1,000–1,000) | 0.90 |")
                .doesNotContain("SSE fan-out, Node ws")
                .doesNotContain("allocation per round trip (B, lower is better) | 1.00 (1.00–1.00) | – |");
        assertThat(markdown.indexOf("Switchboard / raw")).isLessThan(markdown.indexOf("Switchboard / Node ws"));
        assertThat(results.figure("echo" + Results.NODE_WS_SUFFIX, "c=1 server allocation per round trip"))
                .isNull();
        assertThat(results.json()).contains("\"node-ws\": {\"median\": 600.0000");

        Targets.check(results, Settings.full());
        assertThat(results.notes())
                .containsExactlyInAnyOrder(
                        "target echo c=1 throughput >= 0.8 x raw: met (0.90)",
                        "target SSE fan-out N=10 throughput >= 0.8 x raw: met (1.00)",
                        "target idle C=40 heap per connection <= raw + 8 KB: met (3,000 B vs 2,000 B + 8,192 B)",
                        "target at scale: idle C=40 heap per connection <= raw: MISSED (3,000 B vs 2,000 B)");
    }

    @Test
    void withoutThePeerSwitchboardsFiguresStayInTheServersTableOnly() {
        Results results = new Results();
        results.add("echo", "c=1 throughput", "round trips/s", Results.Better.HIGHER, ServerKind.SWITCHBOARD, 900);

        assertThat(results.figures()).extracting(figure -> figure.scenario).containsExactly("echo");
        assertThat(results.markdown()).doesNotContain("Node ws");
    }
}
