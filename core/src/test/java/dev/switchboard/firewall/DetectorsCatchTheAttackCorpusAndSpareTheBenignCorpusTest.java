package dev.switchboard.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.internal.Detector;
import dev.switchboard.firewall.internal.Normaliser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every detector over the OWASP CRS regression payloads (src/test/resources/firewall/corpus/crs, see its README)
 * and over a benign corpus, prints the detection and false-positive rates, and holds them to floors. The figures are
 * quoted in docs/firewall.md; a change to the detectors that lowers them fails here.
 */
class DetectorsCatchTheAttackCorpusAndSpareTheBenignCorpusTest {

    private static final Map<Detector, String> CORPUS = Map.of(
            Detector.SQL_INJECTION, "crs/sqli.txt",
            Detector.XSS, "crs/xss.txt",
            Detector.PATH_TRAVERSAL, "crs/traversal.txt",
            Detector.COMMAND_INJECTION, "crs/command.txt");

    /** Lowest detection rate each detector must keep on its own part of the attack corpus, in percent. */
    private static final Map<Detector, Double> DETECTION_FLOOR = Map.of(
            Detector.SQL_INJECTION, 90.0,
            Detector.XSS, 90.0,
            Detector.PATH_TRAVERSAL, 90.0,
            Detector.COMMAND_INJECTION, 90.0);

    /** Lowest detection rate on the hold-out payloads, in percent. */
    private static final double HOLD_OUT_FLOOR = 50.0;

    /** Highest share of the benign corpus any one detector may flag, in percent. */
    private static final double FALSE_POSITIVE_CEILING_PER_DETECTOR = 3.0;
    /** Highest share of the benign corpus that all detectors together may flag, in percent. */
    private static final double FALSE_POSITIVE_CEILING_ALL = 6.0;

    private static List<String[]> load(String name) throws IOException {
        try (InputStream in = DetectorsCatchTheAttackCorpusAndSpareTheBenignCorpusTest.class.getResourceAsStream(
                "/firewall/corpus/" + name)) {
            assertThat(in).as(name).isNotNull();
            List<String[]> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String id = tab < 0 ? name + ":" + (entries.size() + 1) : line.substring(0, tab);
                String text = (tab < 0 ? line : line.substring(tab + 1)).replace("\\n", "\n");
                entries.add(new String[] {id, text});
            }
            return entries;
        }
    }

    private static boolean detects(Detector detector, String text) {
        String normalised = Normaliser.normalise(text);
        return detector.matches(normalised, Normaliser.compact(normalised), List.of());
    }

    @Test
    void eachDetectorCatchesItsAttackCorpusAboveItsFloor() throws IOException {
        Map<Detector, Double> rates = new EnumMap<>(Detector.class);
        for (Detector detector : Detector.values()) {
            List<String[]> attacks = load(CORPUS.get(detector));
            List<String> missed = new ArrayList<>();
            for (String[] attack : attacks) {
                if (!detects(detector, attack[1])) {
                    missed.add(attack[0]);
                }
            }
            double rate = 100.0 * (attacks.size() - missed.size()) / attacks.size();
            rates.put(detector, rate);
            System.out.printf(
                    "detection %-18s %3d/%3d = %5.1f%%  missed %s%n",
                    detector.rule(), attacks.size() - missed.size(), attacks.size(), rate, missed);
        }
        rates.forEach((detector, rate) -> assertThat(rate)
                .as(detector.rule() + " detection rate")
                .isGreaterThanOrEqualTo(DETECTION_FLOOR.get(detector)));
    }

    /**
     * The hold-out payloads were never used to tune the detectors, so their rate is the honest estimate for unseen
     * attacks (the development corpus above is, by construction, optimistic).
     */
    @Test
    void theHoldOutPayloadsAreMostlyCaught() throws IOException {
        List<String[]> entries = load("crs/holdout.txt");
        int caught = 0;
        List<String> missed = new ArrayList<>();
        for (String[] entry : entries) {
            String[] parts = entry[1].split("\t", 2);
            Detector detector = java.util.Arrays.stream(Detector.values())
                    .filter(d -> d.rule().equals(parts[0]))
                    .findFirst()
                    .orElseThrow();
            if (detects(detector, parts[1])) {
                caught++;
            } else {
                missed.add(entry[0]);
            }
        }
        double rate = 100.0 * caught / entries.size();
        System.out.printf(
                "detection hold-out          %3d/%3d = %5.1f%%  missed %s%n", caught, entries.size(), rate, missed);
        assertThat(rate).isGreaterThanOrEqualTo(HOLD_OUT_FLOOR);
    }

    @Test
    void theBenignCorpusRarelyTriggersADetector() throws IOException {
        List<String[]> benign = new ArrayList<>(load("benign.txt"));
        benign.addAll(load("crs/benign.txt"));
        int anyHits = 0;
        Map<Detector, List<String>> hits = new EnumMap<>(Detector.class);
        for (Detector detector : Detector.values()) {
            hits.put(detector, new ArrayList<>());
        }
        for (String[] text : benign) {
            boolean any = false;
            for (Detector detector : Detector.values()) {
                if (detects(detector, text[1])) {
                    hits.get(detector).add(text[1]);
                    any = true;
                }
            }
            anyHits += any ? 1 : 0;
        }
        for (Detector detector : Detector.values()) {
            System.out.printf(
                    "false positives %-18s %3d/%3d = %4.1f%%  %s%n",
                    detector.rule(),
                    hits.get(detector).size(),
                    benign.size(),
                    100.0 * hits.get(detector).size() / benign.size(),
                    hits.get(detector));
        }
        double all = 100.0 * anyHits / benign.size();
        System.out.printf("false positives all detectors %d/%d = %.1f%%%n", anyHits, benign.size(), all);
        hits.forEach((detector, list) -> assertThat(100.0 * list.size() / benign.size())
                .as(detector.rule() + " false positives " + list)
                .isLessThanOrEqualTo(FALSE_POSITIVE_CEILING_PER_DETECTOR));
        assertThat(all).isLessThanOrEqualTo(FALSE_POSITIVE_CEILING_ALL);
    }

    /**
     * Each expression is run only when the text holds its required literals; that shortcut must never hide a
     * match. Every expression is run without it over every text of every corpus (attacks, hold-out, benign), as
     * the detectors see them (normalised, and without white space), and wherever it matches, its literals must be
     * present.
     */
    @Test
    void noExpressionMatchesATextWithoutItsRequiredLiterals() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String name : List.of(
                "crs/sqli.txt",
                "crs/xss.txt",
                "crs/traversal.txt",
                "crs/command.txt",
                "benign.txt",
                "crs/benign.txt")) {
            load(name).forEach(entry -> texts.add(entry[1]));
        }
        load("crs/holdout.txt").forEach(entry -> texts.add(entry[1].split("\t", 2)[1]));
        int matches = 0;
        java.util.Set<Detector.Expression> exercised = new java.util.HashSet<>();
        List<String> unsound = new ArrayList<>();
        for (String text : texts) {
            String normalised = Normaliser.normalise(text);
            for (String seen : List.of(normalised, Normaliser.compact(normalised))) {
                for (Detector detector : Detector.values()) {
                    for (Detector.Expression expression : detector.expressions()) {
                        if (expression.pattern().matcher(seen).find()) {
                            matches++;
                            exercised.add(expression);
                            if (!expression.admits(seen)) {
                                unsound.add(expression.pattern() + " on " + seen);
                            }
                        }
                    }
                }
            }
        }
        int expressions = java.util.Arrays.stream(Detector.values())
                .mapToInt(d -> d.expressions().size())
                .sum();
        System.out.printf(
                "required literals checked against %d matches of %d of the %d expressions over %d texts%n",
                matches, exercised.size(), expressions, texts.size());
        assertThat(matches).as("the corpora exercise the expressions").isGreaterThan(texts.size() / 2);
        assertThat(unsound).isEmpty();
    }

    /** The bypass encodings: how an attacker wraps a payload so that a detector reading the raw text misses it. */
    private static final Map<String, java.util.function.UnaryOperator<String>> ENCODINGS =
            new java.util.LinkedHashMap<>();

    static {
        // Not an encoding: the baseline for the two that travel inside an sgc message.
        ENCODINGS.put("plain in an sgc message", DetectorsCatchTheAttackCorpusAndSpareTheBenignCorpusTest::sgcPublish);
        ENCODINGS.put(
                "sgc@b64 in an sgc message",
                text -> sgcPublish("sgc@b64:"
                        + java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
        ENCODINGS.put("JSON \\u escapes", text -> {
            StringBuilder out = new StringBuilder();
            text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
            return sgcPublish(out.toString());
        });
        ENCODINGS.put("percent-encoded", text -> {
            StringBuilder out = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.append(String.format("%%%02X", b));
            }
            return out.toString();
        });
        ENCODINGS.put("HTML entities", text -> {
            StringBuilder out = new StringBuilder();
            text.codePoints()
                    .forEach(c ->
                            out.append("&#x").append(Integer.toHexString(c)).append(';'));
            return out.toString();
        });
    }

    private static String sgcPublish(String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"news\",\"message\":\""
                + message + "\"}}";
    }

    /**
     * The development corpus again, each payload wrapped in each bypass encoding: every detector must catch at
     * least as many as it catches in plain form, and the benign corpus wrapped the same way must stay under the
     * same false-positive ceilings.
     */
    @Test
    void encodedAttacksAreCaughtAsOftenAsPlainOnes() throws IOException {
        List<String[]> benign = new ArrayList<>(load("benign.txt"));
        benign.addAll(load("crs/benign.txt"));
        for (Map.Entry<String, java.util.function.UnaryOperator<String>> encoding : ENCODINGS.entrySet()) {
            for (Detector detector : Detector.values()) {
                List<String[]> attacks = load(CORPUS.get(detector));
                int plain = 0;
                int encoded = 0;
                List<String> missed = new ArrayList<>();
                for (String[] attack : attacks) {
                    plain += detects(detector, attack[1]) ? 1 : 0;
                    if (detects(detector, encoding.getValue().apply(attack[1]))) {
                        encoded++;
                    } else {
                        missed.add(attack[0]);
                    }
                }
                System.out.printf(
                        "detection %-26s %-18s %3d/%3d = %5.1f%% (plain %d)  missed %s%n",
                        encoding.getKey(),
                        detector.rule(),
                        encoded,
                        attacks.size(),
                        100.0 * encoded / attacks.size(),
                        plain,
                        missed);
                assertThat(encoded)
                        .as(detector.rule() + " " + encoding.getKey())
                        .isGreaterThanOrEqualTo(plain);
            }
            int anyHits = 0;
            List<String> flagged = new ArrayList<>();
            for (String[] text : benign) {
                String wrapped = encoding.getValue().apply(text[1]);
                boolean any = false;
                for (Detector detector : Detector.values()) {
                    any |= detects(detector, wrapped);
                }
                if (any) {
                    anyHits++;
                    flagged.add(text[1]);
                }
            }
            double all = 100.0 * anyHits / benign.size();
            System.out.printf(
                    "false positives %-26s all detectors %d/%d = %.1f%%  %s%n",
                    encoding.getKey(), anyHits, benign.size(), all, flagged);
            assertThat(all).as(encoding.getKey()).isLessThanOrEqualTo(FALSE_POSITIVE_CEILING_ALL);
        }
    }

    @Test
    void encodingTricksAreSeenThrough() {
        assertThat(detects(Detector.SQL_INJECTION, "x%2527%2520or%2520%25271%2527%253D%25271"))
                .isTrue();
        assertThat(detects(Detector.XSS, "&#x3c;script&#x3e;alert(1)&#x3c;/script&#x3e;"))
                .isTrue();
        assertThat(detects(Detector.XSS, "＜script＞alert(1)＜/script＞")).isTrue();
        assertThat(detects(Detector.PATH_TRAVERSAL, "file=%2e%2e%2f%2e%2e%2fetc%2fpasswd"))
                .isTrue();
        assertThat(detects(Detector.SQL_INJECTION, "1/**/union/**/select/**/1")).isTrue();
        assertThat(detects(Detector.SQL_INJECTION, "It's O'Brien's turn")).isFalse();
    }
}
