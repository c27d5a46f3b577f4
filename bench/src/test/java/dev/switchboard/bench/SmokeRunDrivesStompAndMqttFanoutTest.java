package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the STOMP and MQTT fan-out scenarios at tiny sizes as the full benchmark would: the STOMP driver against the
 * Switchboard server and Spring's simple broker (each in its own JVM), the MQTT driver against Switchboard. Mosquitto
 * is left out (the smoke profile never runs it), so the default build needs no Mosquitto installed. Every
 * publication must reach every subscriber: a driver that reads no message leaves a round incomplete (or, for
 * Spring, whose subscriptions only a delivery confirms, never gets set up), and the run fails.
 */
class SmokeRunDrivesStompAndMqttFanoutTest {

    @Test
    @Timeout(180)
    void stompFiguresComeForSwitchboardAndSpringAndMqttFiguresForSwitchboard(@TempDir Path out) throws Exception {
        Results results = Harness.run(Settings.smoke(), out, Set.of("stomp-fanout", "mqtt-fanout"), false);

        assertThat(results.notes())
                .noneMatch(note ->
                        note.contains("FAILED") || note.contains("INCOMPLETE") || note.contains("lost deliveries"));
        List<Results.Figure> stomp = figures(results, PeerFanoutScenario.STOMP);
        assertThat(stomp)
                .extracting(figure -> figure.name)
                .containsExactly(
                        "N=20 throughput",
                        "N=20 server CPU per delivery",
                        "N=20 server allocation per delivery",
                        "N=20 p50 at 2000/s",
                        "N=20 p99 at 2000/s",
                        "N=20 p99.9 at 2000/s");
        for (Results.Figure figure : stomp) {
            assertThat(figure.median("switchboard"))
                    .as("Switchboard %s", figure.name)
                    .isPositive();
            assertThat(figure.median("spring")).as("Spring %s", figure.name).isPositive();
            assertThat(figure.ratio()).as("ratio of %s", figure.name).isPositive();
        }
        List<Results.Figure> mqtt = figures(results, PeerFanoutScenario.MQTT);
        // Mosquitto is not a JVM: with it, the allocation figure would be Switchboard's alone.
        assertThat(mqtt).hasSize(6);
        for (Results.Figure figure : mqtt) {
            assertThat(figure.median("switchboard"))
                    .as("Switchboard %s", figure.name)
                    .isPositive();
            assertThat(figure.values("mosquitto"))
                    .as("Mosquitto %s", figure.name)
                    .isEmpty();
        }
        assertThat(results.notes()).anyMatch(note -> note.startsWith("MQTT fan-out: Mosquitto is not run"));
        assertThat(Files.readString(out.resolve("results.md")))
                .contains("| Switchboard / Spring |")
                .contains("| STOMP fan-out | N=20 throughput")
                .contains("| MQTT fan-out | N=20 p99 at 2000/s");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"spring\": {\"median\"");
        // The raw baseline serves none of these scenarios: it is not started for them.
        assertThat(out.resolve("baseline-server.log")).doesNotExist();
    }

    private static List<Results.Figure> figures(Results results, PeerFanoutScenario.Protocol protocol) {
        return results.figures().stream()
                .filter(figure -> figure.scenario.equals(protocol.name()))
                .filter(figure -> figure.columns.equals(protocol.columns()))
                .toList();
    }
}
