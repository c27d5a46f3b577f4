package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness at tiny sizes, as the full benchmark would (two server JVMs, the asynchronous driver,
 * every scenario), so a change that breaks the benchmark fails the default build instead of the next measurement.
 */
class SmokeRunMeasuresBothServersTest {

    @Test
    @Timeout(120)
    void everyScenarioYieldsFiguresForBothServersAndTheReportsAreWritten(@TempDir Path out) throws Exception {
        Results results =
                Harness.run(Settings.smoke(), out, Set.of("echo", "fanout", "idle", "sse"), false, "jdbc", true);

        assertThat(results.figures()).extracting(figure -> figure.scenario).contains("echo", "fan-out", "idle");
        // Echo and fan-out also ran against a Switchboard with metrics off.
        assertThat(results.figures())
                .extracting(figure -> figure.scenario)
                .contains("echo" + Results.METRICS_SUFFIX, "fan-out" + Results.METRICS_SUFFIX);
        assertThat(results.notes()).anyMatch(note -> note.contains("throughput with metrics >= 0.97 x without"));
        assertThat(results.notes())
                .anyMatch(note -> note.contains("server CPU per delivery: messages per CPU second with metrics"));
        assertThat(results.notes())
                .anyMatch(note -> note.contains("server CPU per round trip: messages per CPU second with metrics"));
        // Both servers are JVMs: each round also tells what the server allocated per message (checked with the rest
        // in the loop below: present for both, positive, with a ratio).
        assertThat(results.figures())
                .extracting(figure -> figure.scenario + " " + figure.name)
                .contains("echo c=4 server allocation per round trip", "fan-out N=20 server allocation per delivery");
        // And against an identical twin (A/A), whose figures the loop below checks like every other.
        assertThat(results.figures())
                .extracting(figure -> figure.scenario)
                .contains("echo" + Results.TWINS_SUFFIX, "fan-out" + Results.TWINS_SUFFIX);
        if (SseScenario.sseAvailable()) {
            assertThat(results.figures()).extracting(figure -> figure.scenario).contains("SSE fan-out");
        }
        for (Results.Figure figure : results.figures()) {
            for (String series : figure.columns.ids()) {
                assertThat(figure.values(series))
                        .as("%s %s on %s", figure.scenario, figure.name, series)
                        .isNotEmpty();
                if (!figure.scenario.equals("idle")) {
                    // Idle memory deltas can be anything at 40 connections; throughput and latency must be positive.
                    assertThat(figure.median(series))
                            .as("%s %s on %s", figure.scenario, figure.name, series)
                            .isPositive();
                }
            }
            assertThat(figure.ratio())
                    .as("ratio of %s %s", figure.scenario, figure.name)
                    .isNotNaN();
        }
        // Every idle connection was held, then closed with 1000 both ways, on both servers.
        assertThat(results.notes())
                .contains(
                        "idle C=40 on Switchboard: 40 of 40 connections closed cleanly (close 1000 sent, answered"
                                + " with 1000)",
                        "idle C=40 on Raw Jetty: 40 of 40 connections closed cleanly (close 1000 sent, answered"
                                + " with 1000)");
        assertThat(results.notes())
                .noneMatch(note -> note.contains("INCOMPLETE")
                        || note.contains("NOT ALL CLOSED CLEANLY")
                        || note.contains("lost deliveries")
                        || note.contains("completed only"));
        if (!SseScenario.sseAvailable()) {
            assertThat(results.notes()).anyMatch(note -> note.startsWith("SSE fan-out skipped"));
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("| echo | c=4 throughput");
        assertThat(Files.readString(out.resolve("results.json")))
                .contains("\"ratio\"")
                .contains("\"cores\"");
    }
}
