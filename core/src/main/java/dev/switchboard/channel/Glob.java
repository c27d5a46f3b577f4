package dev.switchboard.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * The one wildcard matcher of Switchboard, used by channel masks, group masks and the channel, publish and RPC
 * permission rules, so that a mask and a rule can never disagree about a name.
 *
 * <p>Syntax (the sgc {@code MatchesMask} one): {@code *} matches any run of code points, {@code ?} one code point,
 * {@code [abc]} or {@code [a-z]} one code point of a set and {@code [!a-z]} one outside it; a {@code [} without a
 * later {@code ]} and an empty {@code []} are literal. Every other code point matches itself exactly: callers
 * compare {@link ChannelNames#fold folded} text on both sides when they want case-insensitive matching.
 *
 * <p>Matching runs in O(n·m) steps at worst (n the name's and m the pattern's length in code points), never
 * exponentially: the two-pointer algorithm only ever returns to the most recent {@code *}, which is enough
 * because every other element matches exactly one code point. Patterns come from clients, so this bound is
 * what keeps a crafted mask from stalling the publishers that test it.
 */
public final class Glob {

    private static final int STAR = -1;
    private static final int ANY = -2;
    // A set is encoded as SET_BASE - index into sets.
    private static final int SET_BASE = -3;

    private record CodePointSet(boolean negated, int[] ranges) {
        boolean contains(int codePoint) {
            boolean inside = false;
            for (int i = 0; i < ranges.length && !inside; i += 2) {
                inside = codePoint >= ranges[i] && codePoint <= ranges[i + 1];
            }
            return inside != negated;
        }
    }

    private final String pattern;
    private final int[] tokens;
    private final CodePointSet[] sets;
    private final int wildcards;

    private Glob(String pattern, int[] tokens, CodePointSet[] sets, int wildcards) {
        this.pattern = pattern;
        this.tokens = tokens;
        this.sets = sets;
        this.wildcards = wildcards;
    }

    /**
     * Tells whether a text holds any wildcard, that is, whether {@link #compile} would give more than a literal.
     *
     * @param text a name or pattern
     * @return true when it contains {@code *}, {@code ?} or {@code [}
     */
    public static boolean hasWildcards(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    /**
     * Compiles a pattern as written (no folding: fold it first for case-insensitive matching). Runs of {@code *}
     * collapse into one, which changes no result.
     *
     * @param pattern the pattern
     * @return the compiled pattern
     */
    public static Glob compile(String pattern) {
        int[] codePoints = pattern.codePoints().toArray();
        int[] tokens = new int[codePoints.length];
        List<CodePointSet> sets = new ArrayList<>();
        int count = 0;
        int wildcards = 0;
        int i = 0;
        while (i < codePoints.length) {
            int c = codePoints[i];
            if (c == '*') {
                if (count == 0 || tokens[count - 1] != STAR) {
                    tokens[count++] = STAR;
                    wildcards++;
                }
            } else if (c == '?') {
                tokens[count++] = ANY;
                wildcards++;
            } else if (c == '[' && closing(codePoints, i) > i + 1) {
                int end = closing(codePoints, i);
                sets.add(set(codePoints, i + 1, end));
                tokens[count++] = SET_BASE - (sets.size() - 1);
                wildcards++;
                i = end;
            } else {
                tokens[count++] = c;
            }
            i++;
        }
        int[] trimmed = new int[count];
        System.arraycopy(tokens, 0, trimmed, 0, count);
        return new Glob(pattern, trimmed, sets.toArray(CodePointSet[]::new), wildcards);
    }

    private static int closing(int[] codePoints, int open) {
        for (int j = open + 1; j < codePoints.length; j++) {
            if (codePoints[j] == ']') {
                return j;
            }
        }
        return -1;
    }

    /** A set body between {@code [} and {@code ]}: a leading {@code !} negates, {@code x-y} is a range. */
    private static CodePointSet set(int[] codePoints, int from, int to) {
        boolean negated = codePoints[from] == '!';
        int start = negated ? from + 1 : from;
        List<Integer> ranges = new ArrayList<>();
        for (int j = start; j < to; j++) {
            int low = codePoints[j];
            int high = low;
            if (j + 2 < to && codePoints[j + 1] == '-') {
                high = codePoints[j + 2];
                j += 2;
            }
            ranges.add(low);
            ranges.add(high);
        }
        return new CodePointSet(
                negated, ranges.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The number of wildcards in the pattern ({@code *} runs count once, a set counts once).
     *
     * @return the count
     */
    public int wildcards() {
        return wildcards;
    }

    /**
     * Tests a whole text.
     *
     * @param text the text, folded as the pattern was
     * @return true when the pattern matches all of it
     */
    public boolean matches(String text) {
        return run(text.codePoints().toArray()) > 0;
    }

    /**
     * Tests a whole text given as code points; callers that test one name against many patterns convert it once.
     *
     * @param codePoints the text's code points, folded as the pattern was
     * @return true when the pattern matches all of it
     */
    public boolean matches(int[] codePoints) {
        return run(codePoints) > 0;
    }

    /**
     * The number of steps one match takes, for tests that hold the matcher to its O(n·m) bound.
     *
     * @param codePoints the text's code points
     * @return the steps taken
     */
    long steps(int[] codePoints) {
        return Math.abs(run(codePoints)) - 1;
    }

    /** Matches; returns (steps + 1) on a match and -(steps + 1) otherwise, so one loop serves both callers. */
    private long run(int[] text) {
        long steps = 0;
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length) {
            steps++;
            if (p < tokens.length && tokens[p] == STAR) {
                star = p++;
                resume = t;
            } else if (p < tokens.length && single(tokens[p], text[t])) {
                p++;
                t++;
            } else if (star >= 0) {
                // Let the last star swallow one more code point; earlier stars never need revisiting.
                p = star + 1;
                t = ++resume;
            } else {
                return -(steps + 1);
            }
        }
        while (p < tokens.length && tokens[p] == STAR) {
            steps++;
            p++;
        }
        return p == tokens.length ? steps + 1 : -(steps + 1);
    }

    private boolean single(int token, int codePoint) {
        if (token >= 0) {
            return token == codePoint;
        }
        if (token == ANY) {
            return true;
        }
        return token != STAR && sets[SET_BASE - token].contains(codePoint);
    }

    /**
     * The literal code points before the first wildcard, as a string.
     *
     * @return the prefix every matching text starts with
     */
    public String literalPrefix() {
        StringBuilder prefix = new StringBuilder();
        for (int token : tokens) {
            if (token < 0) {
                break;
            }
            prefix.appendCodePoint(token);
        }
        return prefix.toString();
    }

    /**
     * Tells whether the pattern is a literal prefix followed by one {@code *} and nothing else.
     *
     * @return true for {@code prefix*}
     */
    public boolean isPrefixStar() {
        return tokens.length > 0 && tokens[tokens.length - 1] == STAR && wildcards == 1;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
