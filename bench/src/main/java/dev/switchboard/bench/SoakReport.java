package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes a soak's results: the rows as {@code soak.csv}, three stacked charts of them as {@code soak.svg} (latency,
 * memory, deliveries a second, each against elapsed time), and the summary with the CSV's first and last rows as
 * {@code soak.md}. The SVG is written here, so a soak needs nothing but a JDK to run and to be looked at.
 */
final class SoakReport {

    private static final int WIDTH = 900;
    private static final int PANEL = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int GAP = 50;

    /** One line of a chart. */
    private record Series(String name, String colour, ToDoubleFunction<SoakRow> value) {}

    private SoakReport() {}

    static void write(Path dir, List<SoakRow> rows, String summary) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add(SoakRow.HEADER);
        rows.forEach(row -> csv.add(row.csv()));
        Files.write(dir.resolve("soak.csv"), csv);
        Files.writeString(dir.resolve("soak.svg"), svg(rows));
        StringBuilder markdown = new StringBuilder("# Soak\n\n").append(summary).append("\n\n");
        if (!rows.isEmpty()) {
            markdown.append("First and last rows of `soak.csv` (plot: `soak.svg`):\n\n```\n")
                    .append(SoakRow.HEADER)
                    .append('\n')
                    .append(rows.get(0).csv())
                    .append('\n')
                    .append(rows.get(rows.size() - 1).csv())
                    .append("\n```\n");
        }
        Files.writeString(dir.resolve("soak.md"), markdown);
    }

    static String svg(List<SoakRow> rows) {
        int height = TOP + 3 * PANEL + 2 * GAP + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH,
                height));
        double end = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1).elapsedSeconds());
        panel(
                svg,
                rows,
                end,
                0,
                "latency from the scheduled send (ms)",
                List.of(
                        new Series("p50", "#1f77b4", SoakRow::p50),
                        new Series("p99", "#ff7f0e", SoakRow::p99),
                        new Series("max", "#d62728", SoakRow::max)));
        panel(
                svg,
                rows,
                end,
                1,
                "server memory (MiB)",
                List.of(
                        new Series(
                                "heap after GC",
                                "#2ca02c",
                                row -> SoakRow.mebibytes(row.server().heapAfterGcBytes())),
                        new Series(
                                "heap",
                                "#98df8a",
                                row -> SoakRow.mebibytes(row.server().heapBytes())),
                        new Series(
                                "RSS",
                                "#9467bd",
                                row -> SoakRow.mebibytes(row.server().rssBytes()))));
        double seconds =
                rows.size() < 2 ? 1 : rows.get(1).elapsedSeconds() - rows.get(0).elapsedSeconds();
        panel(
                svg,
                rows,
                end,
                2,
                "deliveries per second",
                List.of(
                        new Series("delivered", "#17becf", row -> row.delivered() / Math.max(1e-9, seconds)),
                        new Series("expected", "#7f7f7f", row -> row.expected() / Math.max(1e-9, seconds))));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds</text>%n</svg>%n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2,
                height - 8));
        return svg.toString();
    }

    private static void panel(
            StringBuilder svg, List<SoakRow> rows, double end, int index, String title, List<Series> series) {
        int top = TOP + index * (PANEL + GAP);
        int width = WIDTH - LEFT - RIGHT;
        double max = 0;
        for (Series line : series) {
            for (SoakRow row : rows) {
                double value = line.value().applyAsDouble(row);
                if (Double.isFinite(value)) {
                    max = Math.max(max, value);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n"
                        + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT,
                top - 8,
                title,
                LEFT,
                top,
                width,
                PANEL));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = top + PANEL - PANEL * tick / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    LEFT - 6,
                    y + 4,
                    value >= 100
                            ? String.format(Locale.ROOT, "%,.0f", value)
                            : String.format(Locale.ROOT, "%.2f", value),
                    LEFT,
                    y,
                    LEFT + width,
                    y));
        }
        for (int tick = 0; tick <= 4; tick++) {
            int x = LEFT + width * tick / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
                    x,
                    top + PANEL + 16,
                    end * tick / 4));
        }
        int legend = LEFT + 10;
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (SoakRow row : rows) {
                double value = line.value().applyAsDouble(row);
                if (!Double.isFinite(value)) {
                    continue;
                }
                double x = LEFT + width * row.elapsedSeconds() / end;
                double y = top + PANEL - PANEL * value / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n"
                            + "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    line.colour(),
                    points.toString().trim(),
                    legend,
                    top + 14,
                    line.colour(),
                    line.name()));
            legend += 12 + 8 * line.name().length();
        }
    }
}
