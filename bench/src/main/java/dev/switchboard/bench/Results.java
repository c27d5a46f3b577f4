package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run, per compared series and round, and their rendering as Markdown and JSON. Most figures compare
 * Switchboard with the raw-Jetty baseline ({@link Columns#SERVERS}); a scenario may compare two set-ups of Switchboard
 * instead (the cluster fan-out: cross-node against single-node), or Switchboard with a peer (Spring, Mosquitto, the
 * Node.js ws server), and the report then has a table for each.
 */
final class Results {

    /**
     * What a figure compares: two series, each with the key of its figures in the JSON and its column heading. The
     * ratio is the first series' median over the second's.
     *
     * @param firstId     the JSON key of the measured series
     * @param firstLabel  its column heading
     * @param secondId    the JSON key of the reference series
     * @param secondLabel its column heading
     * @param ratioLabel  the heading of the ratio column
     */
    record Columns(String firstId, String firstLabel, String secondId, String secondLabel, String ratioLabel) {
        /** Switchboard against the raw-Jetty baseline: every scenario but the cluster fan-out. */
        static final Columns SERVERS = new Columns(
                ServerKind.SWITCHBOARD.id(),
                ServerKind.SWITCHBOARD.label(),
                ServerKind.BASELINE.id(),
                ServerKind.BASELINE.label(),
                "Switchboard / raw");

        /** Switchboard with metrics on against itself with metrics off: what counting costs. */
        static final Columns METRICS =
                new Columns("metrics-on", "Metrics on", "metrics-off", "Metrics off", "on / off");

        /** Switchboard against an identical twin in the same run (A/A): the spread the other ratios sit in. */
        static final Columns TWINS = new Columns("twin-a", "Switchboard A", "twin-b", "Switchboard B", "A / B");

        /** Switchboard against the Node.js ws peer ({@link NodeWsPeer}): echo, fan-out and idle. */
        static final Columns NODE_WS = new Columns(
                ServerKind.SWITCHBOARD.id(),
                ServerKind.SWITCHBOARD.label(),
                ServerKind.NODE_WS.id(),
                ServerKind.NODE_WS.label(),
                "Switchboard / Node ws");

        List<String> ids() {
            return List.of(firstId, secondId);
        }
    }

    /** The suffix of a scenario's name in the metrics on/off comparison ({@code echo, metrics on/off}). */
    static final String METRICS_SUFFIX = ", metrics on/off";

    /** The suffix of a scenario's name in the A/A comparison ({@code echo, A/A}). */
    static final String TWINS_SUFFIX = ", A/A";

    /** The suffix of a scenario's name in the comparison with the Node.js ws peer ({@code echo, Node ws}). */
    static final String NODE_WS_SUFFIX = ", Node ws";

    private boolean comparingMetrics;
    private boolean comparingTwins;
    private boolean comparingNodeWs;

    /** Makes every figure of the Switchboard server count in the metrics on/off comparison too. */
    synchronized void compareMetrics() {
        comparingMetrics = true;
    }

    /** Makes every figure of the Switchboard server count in the A/A comparison too. */
    synchronized void compareTwins() {
        comparingTwins = true;
    }

    /**
     * Makes the Switchboard server's figures of echo, fan-out and idle count in the comparison with the Node.js ws
     * peer too, all but allocation: a Node process has no JVM allocation counter, so that figure would have no second
     * series.
     */
    synchronized void compareNodeWs() {
        comparingNodeWs = true;
    }

    /**
     * Adds one measured round of a server: a metrics-off Switchboard's goes to the metrics comparison only, an A/A
     * twin's to the A/A comparison only, the Switchboard server's also to those comparisons while they are made, the
     * baseline's to the servers'.
     */
    synchronized void add(
            String scenario, String name, String unit, Better better, ServerProcess server, double value) {
        if (server.isMetricsOff()) {
            add(scenario + METRICS_SUFFIX, name, unit, better, Columns.METRICS, "metrics-off", value);
            return;
        }
        if (server.isTwin()) {
            add(scenario + TWINS_SUFFIX, name, unit, better, Columns.TWINS, "twin-b", value);
            return;
        }
        add(scenario, name, unit, better, server.kind(), value);
        if (comparingMetrics && server.kind() == ServerKind.SWITCHBOARD) {
            add(scenario + METRICS_SUFFIX, name, unit, better, Columns.METRICS, "metrics-on", value);
        }
        if (comparingTwins && server.kind() == ServerKind.SWITCHBOARD) {
            add(scenario + TWINS_SUFFIX, name, unit, better, Columns.TWINS, "twin-a", value);
        }
    }

    /** Whether a larger value is better, which decides how a ratio reads. */
    enum Better {
        HIGHER,
        LOWER
    }

    /** One figure: every measured round of each of its two series. */
    static final class Figure {
        final String scenario;
        final String name;
        final String unit;
        final Better better;
        final Columns columns;
        final Map<String, List<Double>> rounds = new LinkedHashMap<>();

        Figure(String scenario, String name, String unit, Better better, Columns columns) {
            this.scenario = scenario;
            this.name = name;
            this.unit = unit;
            this.better = better;
            this.columns = columns;
        }

        List<Double> values(String series) {
            return rounds.getOrDefault(series, List.of());
        }

        List<Double> values(ServerKind kind) {
            return values(kind.id());
        }

        double median(ServerKind kind) {
            return median(kind.id());
        }

        double median(String series) {
            List<Double> sorted = new ArrayList<>(values(series));
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            sorted.sort(null);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min(String series) {
            return values(series).stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElse(Double.NaN);
        }

        double max(String series) {
            return values(series).stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(Double.NaN);
        }

        /** The first series' median over the second's (Switchboard's over the baseline's, for most figures). */
        double ratio() {
            return median(columns.firstId()) / median(columns.secondId());
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * Adds one measured round of a server: the Node.js ws peer's goes to its own comparison, Switchboard's also to
     * that comparison while it is made (for the scenarios the peer runs).
     */
    synchronized void add(String scenario, String name, String unit, Better better, ServerKind kind, double value) {
        if (kind == ServerKind.NODE_WS) {
            add(scenario + NODE_WS_SUFFIX, name, unit, better, Columns.NODE_WS, kind.id(), value);
            return;
        }
        add(scenario, name, unit, better, Columns.SERVERS, kind.id(), value);
        if (comparingNodeWs
                && kind == ServerKind.SWITCHBOARD
                && NodeWsPeer.SCENARIOS.contains(scenario)
                && !name.contains(" allocation per ")) {
            add(scenario + NODE_WS_SUFFIX, name, unit, better, Columns.NODE_WS, kind.id(), value);
        }
    }

    /**
     * Adds one measured round of a figure that compares other series than the two servers.
     *
     * @param series one of {@code columns}' ids
     */
    synchronized void add(
            String scenario, String name, String unit, Better better, Columns columns, String series, double value) {
        if (!columns.ids().contains(series)) {
            throw new IllegalArgumentException(series + " is not one of " + columns.ids());
        }
        Figure figure = figures.computeIfAbsent(
                scenario + "|" + name, key -> new Figure(scenario, name, unit, better, columns));
        if (!figure.columns.equals(columns)) {
            throw new IllegalArgumentException(scenario + " " + name + " compares " + figure.columns.ids());
        }
        figure.rounds.computeIfAbsent(series, k -> new ArrayList<>()).add(value);
    }

    synchronized void environment(String key, String value) {
        environment.put(key, value);
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures.values());
    }

    synchronized Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    synchronized Figure figure(String scenario, String name) {
        return figures.get(scenario + "|" + name);
    }

    /**
     * The report: a table with ratios for each kind of comparison (the servers' first), the environment, then notes
     * (targets, skipped scenarios, failures).
     */
    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        List<Columns> tables = new ArrayList<>();
        for (Figure figure : figures.values()) {
            if (!tables.contains(figure.columns)) {
                tables.add(figure.columns);
            }
        }
        if (tables.isEmpty()) {
            tables.add(Columns.SERVERS);
        }
        for (Columns columns : tables) {
            out.append("| Scenario | Figure | ")
                    .append(columns.firstLabel())
                    .append(" median (min–max) | ")
                    .append(columns.secondLabel())
                    .append(" median (min–max) | ")
                    .append(columns.ratioLabel())
                    .append(" |\n");
            out.append("|---|---|---|---|---|\n");
            for (Figure figure : figures.values()) {
                if (!figure.columns.equals(columns)) {
                    continue;
                }
                out.append("| ")
                        .append(figure.scenario)
                        .append(" | ")
                        .append(figure.name)
                        .append(" (")
                        .append(figure.unit)
                        .append(figure.better == Better.HIGHER ? ", higher is better" : ", lower is better")
                        .append(") | ")
                        .append(cell(figure, columns.firstId()))
                        .append(" | ")
                        .append(cell(figure, columns.secondId()))
                        .append(" | ")
                        .append(format(figure.ratio(), 2))
                        .append(" |\n");
            }
            out.append('\n');
        }
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            out.append("- ")
                    .append(entry.getKey())
                    .append(": ")
                    .append(entry.getValue())
                    .append('\n');
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(Figure figure, String series) {
        if (figure.values(series).isEmpty()) {
            return "–";
        }
        int digits = figure.median(series) >= 100 ? 0 : figure.median(series) >= 10 ? 1 : 2;
        return format(figure.median(series), digits) + " (" + format(figure.min(series), digits) + "–"
                + format(figure.max(series), digits) + ")";
    }

    private static String format(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + digits + "f", value);
    }

    synchronized String json() {
        StringBuilder out = new StringBuilder("{\n  \"environment\": {");
        String separator = "\n";
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            out.append(separator)
                    .append("    ")
                    .append(quote(entry.getKey()))
                    .append(": ")
                    .append(quote(entry.getValue()));
            separator = ",\n";
        }
        out.append("\n  },\n  \"figures\": [");
        separator = "\n";
        for (Figure figure : figures.values()) {
            out.append(separator)
                    .append("    {\"scenario\": ")
                    .append(quote(figure.scenario))
                    .append(", \"name\": ")
                    .append(quote(figure.name))
                    .append(", \"unit\": ")
                    .append(quote(figure.unit))
                    .append(", \"better\": ")
                    .append(quote(figure.better.name().toLowerCase(Locale.ROOT)));
            for (String series : figure.columns.ids()) {
                out.append(", ")
                        .append(quote(series))
                        .append(": {\"median\": ")
                        .append(number(figure.median(series)))
                        .append(", \"min\": ")
                        .append(number(figure.min(series)))
                        .append(", \"max\": ")
                        .append(number(figure.max(series)))
                        .append(", \"rounds\": ")
                        .append(figure.values(series).stream()
                                .map(Results::number)
                                .toList())
                        .append('}');
            }
            out.append(", \"ratio\": ").append(number(figure.ratio())).append('}');
            separator = ",\n";
        }
        out.append("\n  ],\n  \"notes\": [");
        separator = "\n";
        for (String note : notes) {
            out.append(separator).append("    ").append(quote(note));
            separator = ",\n";
        }
        return out.append("\n  ]\n}\n").toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
