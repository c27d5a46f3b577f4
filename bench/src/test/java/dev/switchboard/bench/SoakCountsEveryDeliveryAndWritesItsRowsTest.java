package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak in miniature against a real Switchboard server in its own JVM: every publication is acknowledged and reaches
 * every subscriber of its channel, nobody is cut off, and the rows reach the CSV, the plot and the summary.
 */
class SoakCountsEveryDeliveryAndWritesItsRowsTest {

    @Test
    @Timeout(180)
    void aShortSoakDeliversEveryPublicationAndWritesOneRowPerInterval(@TempDir Path out) throws Exception {
        Soak.Outcome outcome = Soak.run(40, 4, 40, Duration.ofSeconds(5), Duration.ofSeconds(1), out);

        assertThat(outcome.published()).isBetween(190L, 200L);
        assertThat(outcome.expected()).isEqualTo(outcome.published() * 10);
        assertThat(outcome.delivered()).isEqualTo(outcome.expected());
        assertThat(outcome.acknowledged()).isEqualTo(outcome.published());
        assertThat(outcome.refused()).isZero();
        assertThat(outcome.closes()).isZero();
        assertThat(outcome.rows()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(outcome.rows().stream().mapToLong(SoakRow::delivered).sum()).isEqualTo(outcome.delivered());
        assertThat(outcome.rows())
                .allMatch(row -> row.server().heapBytes() > 0 && row.server().threads() > 0);

        List<String> csv = Files.readAllLines(out.resolve("soak.csv"));
        assertThat(csv.get(0)).isEqualTo(SoakRow.HEADER);
        assertThat(csv).hasSize(outcome.rows().size() + 1);
        assertThat(Files.readString(out.resolve("soak.svg"))).startsWith("<svg").contains("<polyline");
        assertThat(Files.readString(out.resolve("soak.md")))
                .contains("deliveries: " + String.format("%,d", outcome.delivered()))
                .contains("(0 missing");
    }

    @Test
    void durationsAreReadInSecondsMinutesHoursOrIso() {
        assertThat(Soak.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Soak.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Soak.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Soak.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }
}
