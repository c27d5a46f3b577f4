package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Glob} gives the answers of an independent reference (a regular expression built from the same syntax,
 * evaluated on short inputs where backtracking is harmless), and its step count stays within the O(n·m) bound on
 * long adversarial inputs, where the old regular-expression masks took exponential time.
 */
class GlobAgreesWithAReferenceMatcherProperties {

    // Wildcards, set syntax, letters that matter for folding, and a supplementary code point.
    private static final String[] PIECES = {"a", "b", "A", ".", "*", "?", "[", "]", "!", "-", "ı", "İ", "\uD83D\uDE00"};

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of(PIECES).list().ofMaxSize(8).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "A", ".", "[", "]", "!", "-", "ı", "İ", "\uD83D\uDE00")
                .list()
                .ofMaxSize(8)
                .map(pieces -> String.join("", pieces));
    }

    @Property(tries = 3000)
    void matchesLikeTheReferenceOnShortInputs(@ForAll("patterns") String pattern, @ForAll("names") String name) {
        assertThat(Glob.compile(pattern).matches(name))
                .as("%s ~ %s", pattern, name)
                .isEqualTo(reference(pattern).matcher(name).matches());
    }

    @Property(tries = 200)
    void stepsStayWithinTheProductOfTheLengths(
            @ForAll @IntRange(min = 1, max = 16) int stars, @ForAll @IntRange(min = 100, max = 4000) int length) {
        // The classic catastrophic case: many stars and a last character that never comes.
        String pattern = "a*".repeat(stars) + "b";
        int[] name = "a".repeat(length).codePoints().toArray();
        Glob glob = Glob.compile(pattern);

        assertThat(glob.matches(name)).isFalse();
        long bound = (long) (name.length + 1) * (pattern.length() + 1);
        assertThat(glob.steps(name)).isLessThanOrEqualTo(bound);
    }

    /** The syntax as a regular expression over code points, written independently of {@link Glob}. */
    private static Pattern reference(String pattern) {
        StringBuilder regex = new StringBuilder();
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            int close = -1;
            if (c == '[') {
                for (int j = i + 1; j < cps.length; j++) {
                    if (cps[j] == ']') {
                        close = j;
                        break;
                    }
                }
            }
            if (c == '*') {
                regex.append("(?s:.*)");
            } else if (c == '?') {
                regex.append("(?s:.)");
            } else if (c == '[' && close > i + 1) {
                boolean negated = cps[i + 1] == '!';
                StringBuilder alternatives = new StringBuilder();
                for (int j = negated ? i + 2 : i + 1; j < close; j++) {
                    int low = cps[j];
                    int high = low;
                    if (j + 2 < close && cps[j + 1] == '-') {
                        high = cps[j + 2];
                        j += 2;
                    }
                    if (alternatives.length() > 0) {
                        alternatives.append('|');
                    }
                    alternatives.append("(?:").append(range(low, high)).append(')');
                }
                if (alternatives.length() == 0) {
                    // An empty set matches nothing; negated, anything.
                    regex.append(negated ? "(?s:.)" : "(?!)");
                } else if (negated) {
                    regex.append("(?!").append(alternatives).append(")(?s:.)");
                } else {
                    regex.append("(?:").append(alternatives).append(')');
                }
                i = close;
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String range(int low, int high) {
        if (low > high) {
            return "(?!)";
        }
        return "[" + escape(low) + "-" + escape(high) + "]";
    }

    private static String escape(int codePoint) {
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }
}
