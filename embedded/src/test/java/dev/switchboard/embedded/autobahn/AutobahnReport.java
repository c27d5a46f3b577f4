package dev.switchboard.embedded.autobahn;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an Autobahn|Testsuite report, in either direction (the suite as client against the server, or as server
 * against a client), and judges it: a case passes when its behaviour and its closing behaviour are each
 * {@code OK}, {@code NON-STRICT} (conformant but pedantic) or {@code INFORMATIONAL} (a recorded choice).
 */
public final class AutobahnReport {

    private AutobahnReport() {}

    /**
     * Reads the suite's {@code index.json} in {@code reports}, writes {@code TEST-autobahn.xml} beside it for CI,
     * prints the totals and each failed case, and returns how many cases failed.
     *
     * @param reports the directory the suite wrote its reports to
     * @param agent   the agent name the cases were run under
     * @param seconds how long the run took, for the summary
     * @return the number of failed cases
     * @throws IOException when the index cannot be read or the JUnit file written
     */
    public static int summarize(Path reports, String agent, double seconds) throws IOException {
        JsonObject index;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(reports.resolve("index.json")))) {
            index = reader.readObject();
        }
        JsonObject cases = index.getJsonObject(agent);
        if (cases == null || cases.isEmpty()) {
            throw new IllegalStateException("No Autobahn results for agent " + agent + " in " + reports);
        }
        Map<String, Integer> byBehavior = new TreeMap<>();
        StringBuilder failures = new StringBuilder();
        StringBuilder junit = new StringBuilder();
        int failed = 0;
        for (String id : sortedCaseIds(cases)) {
            JsonObject result = cases.getJsonObject(id);
            String behavior = result.getString("behavior");
            String close = result.getString("behaviorClose");
            byBehavior.merge(behavior, 1, Integer::sum);
            boolean ok = passed(behavior) && passed(close);
            junit.append("  <testcase classname=\"Autobahn\" name=\"")
                    .append(id)
                    .append("\" time=\"")
                    .append(String.format(Locale.ROOT, "%.3f", result.getInt("duration", 0) / 1000.0))
                    .append("\"");
            if (ok) {
                junit.append("/>\n");
            } else {
                failed++;
                failures.append("  ")
                        .append(id)
                        .append(": ")
                        .append(behavior)
                        .append(" / close ")
                        .append(close)
                        .append(" (")
                        .append(result.getString("reportfile", ""))
                        .append(")\n");
                junit.append("><failure message=\"")
                        .append(behavior)
                        .append(" / close ")
                        .append(close)
                        .append("\"/></testcase>\n");
            }
        }
        writeJunit(reports.resolve("TEST-autobahn.xml"), cases.size(), failed, seconds, junit);

        System.out.printf(
                Locale.ROOT,
                "Autobahn: %d passed, %d failed of %d cases in %.0f s (%s); report %s%n",
                cases.size() - failed,
                failed,
                cases.size(),
                seconds,
                byBehavior,
                reports.resolve("index.html").toAbsolutePath());
        if (failed > 0) {
            System.out.print("Autobahn failures:\n" + failures);
        }
        return failed;
    }

    /**
     * How many cases the suite's {@code index.json} in {@code reports} holds for {@code agent}; 0 when there is no
     * index yet.
     *
     * @param reports the directory the suite writes its reports to
     * @param agent   the agent name the cases were run under
     * @return the number of cases reported
     * @throws IOException when an index exists but cannot be read
     */
    public static int caseCount(Path reports, String agent) throws IOException {
        Path file = reports.resolve("index.json");
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
            JsonObject cases = reader.readObject().getJsonObject(agent);
            return cases == null ? 0 : cases.size();
        }
    }

    private static boolean passed(String behavior) {
        // The suite's own verdicts: NON-STRICT is conformant but pedantic, INFORMATIONAL records a choice.
        return switch (behavior) {
            case "OK", "NON-STRICT", "INFORMATIONAL" -> true;
            default -> false;
        };
    }

    private static List<String> sortedCaseIds(JsonObject cases) {
        return cases.keySet().stream().sorted(AutobahnReport::compareCaseIds).toList();
    }

    /** Orders "1.2.10" after "1.2.9". */
    private static int compareCaseIds(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int compared = Integer.compare(Integer.parseInt(a[i]), Integer.parseInt(b[i]));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static void writeJunit(Path file, int tests, int failed, double seconds, CharSequence cases)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.format(
                    Locale.ROOT,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                            + "<testsuite name=\"Autobahn\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\""
                            + " time=\"%.3f\">%n",
                    tests,
                    failed,
                    seconds));
            out.append(cases);
            out.write("</testsuite>\n");
        }
    }
}
