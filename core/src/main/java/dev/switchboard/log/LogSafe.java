package dev.switchboard.log;

/**
 * Makes a value that carries client input (a user name, a path, a channel, a header, a subprotocol offer) safe to
 * put in a log line. Every log argument that a client controls goes through {@link #of(Object)}.
 *
 * <p>A line break in a user name would otherwise let a client write a log line of its own choosing ("forging" an
 * entry an administrator or a log parser trusts), and a control character can rewrite a terminal. So:
 * <ul>
 *   <li>CR, LF and TAB become {@code \r}, {@code \n}, {@code \t}; every other control character (C0, DEL, C1), the
 *       Unicode line and paragraph separators and the bidirectional overrides become {@code \}{@code uXXXX};</li>
 *   <li>a backslash becomes {@code \\}, so an escape in the log always means the character, never the text;</li>
 *   <li>the result is cut at {@value #MAX_LENGTH} characters of the original, never inside a surrogate pair, and
 *       says how much was cut, so a megabyte of header cannot flood the log.</li>
 * </ul>
 * Ordinary text, non-ASCII letters included, is left as it is.
 */
public final class LogSafe {

    /** Characters of a value kept in a log line; the rest is replaced by a count. */
    public static final int MAX_LENGTH = 256;

    private LogSafe() {}

    /**
     * The value as text fit for a log line.
     *
     * @param value anything; its {@code toString()} is used
     * @return the escaped, bounded text; the text {@code null} for null
     */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), MAX_LENGTH);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        if (out == null && end == text.length()) {
            return text;
        }
        if (out == null) {
            out = new StringBuilder(end + 32).append(text, 0, end);
        }
        if (end < text.length()) {
            out.append("...(").append(text.length() - end).append(" more chars)");
        }
        return out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> needsEscape(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c)
                // LINE SEPARATOR and PARAGRAPH SEPARATOR: line breaks to many log viewers and parsers.
                || c == '\u2028'
                || c == '\u2029'
                // Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                // NEXT LINE is a C1 control (isISOControl), but say so: some parsers break lines on it.
                || c == '\u0085';
    }
}
