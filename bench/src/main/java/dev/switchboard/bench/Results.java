package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run, per server and round, and their rendering as Markdown and JSON. */
final class Results {

    /** Whether a larger value is better, which decides how a ratio reads. */
    enum Better {
        HIGHER,
        LOWER
    }

    /** One figure: every measured round of each server. */
    static final class Figure {
        final String scenario;
        final String name;
        final String unit;
        final Better better;
        final Map<ServerKind, List<Double>> rounds = new EnumMap<>(ServerKind.class);

        Figure(String scenario, String name, String unit, Better better) {
            this.scenario = scenario;
            this.name = name;
            this.unit = unit;
            this.better = better;
        }

        List<Double> values(ServerKind kind) {
            return rounds.getOrDefault(kind, List.of());
        }

        double median(ServerKind kind) {
            List<Double> sorted = new ArrayList<>(values(kind));
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            sorted.sort(null);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min(ServerKind kind) {
            return values(kind).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max(ServerKind kind) {
            return values(kind).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** Switchboard's median over the baseline's. */
        double ratio() {
            return median(ServerKind.SWITCHBOARD) / median(ServerKind.BASELINE);
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String scenario, String name, String unit, Better better, ServerKind kind, double value) {
        figures.computeIfAbsent(scenario + "|" + name, key -> new Figure(scenario, name, unit, better))
                .rounds
                .computeIfAbsent(kind, k -> new ArrayList<>())
                .add(value);
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

    /** The report: environment, the table with ratios, then notes (targets, skipped scenarios, failures). */
    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(
                "| Scenario | Figure | Switchboard median (min–max) | Raw Jetty median (min–max) | Switchboard / raw |\n");
        out.append("|---|---|---|---|---|\n");
        for (Figure figure : figures.values()) {
            out.append("| ")
                    .append(figure.scenario)
                    .append(" | ")
                    .append(figure.name)
                    .append(" (")
                    .append(figure.unit)
                    .append(figure.better == Better.HIGHER ? ", higher is better" : ", lower is better")
                    .append(") | ")
                    .append(cell(figure, ServerKind.SWITCHBOARD))
                    .append(" | ")
                    .append(cell(figure, ServerKind.BASELINE))
                    .append(" | ")
                    .append(format(figure.ratio(), 2))
                    .append(" |\n");
        }
        out.append('\n');
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

    private static String cell(Figure figure, ServerKind kind) {
        if (figure.values(kind).isEmpty()) {
            return "–";
        }
        int digits = figure.median(kind) >= 100 ? 0 : figure.median(kind) >= 10 ? 1 : 2;
        return format(figure.median(kind), digits) + " (" + format(figure.min(kind), digits) + "–"
                + format(figure.max(kind), digits) + ")";
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
            for (ServerKind kind : ServerKind.values()) {
                out.append(", ")
                        .append(quote(kind.id()))
                        .append(": {\"median\": ")
                        .append(number(figure.median(kind)))
                        .append(", \"min\": ")
                        .append(number(figure.min(kind)))
                        .append(", \"max\": ")
                        .append(number(figure.max(kind)))
                        .append(", \"rounds\": ")
                        .append(figure.values(kind).stream()
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
