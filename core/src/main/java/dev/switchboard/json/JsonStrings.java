package dev.switchboard.json;

/**
 * Quotes text as a JSON string (RFC 8259 section 7): the quote, the backslash and every control character are
 * escaped ({@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} by name, the others as {@code \}{@code u00XX}),
 * and so are U+2028 and U+2029, which JSON allows raw but a JavaScript source (or a log viewer splitting lines on
 * them) does not. Everything else, surrogate pairs included, is copied as it is.
 */
public final class JsonStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {}

    /**
     * The JSON string of a text, quotes included.
     *
     * @param text the text
     * @return the JSON string
     */
    public static String quote(String text) {
        return appendQuoted(new StringBuilder(text.length() + 2), text).toString();
    }

    /**
     * Appends the JSON string of a text, quotes included.
     *
     * @param out  where to append
     * @param text the text
     * @return {@code out}
     */
    public static StringBuilder appendQuoted(StringBuilder out, String text) {
        out.append('"');
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String named = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            if (named == null && c >= 0x20 && c != '\u2028' && c != '\u2029') {
                continue;
            }
            // Runs of plain characters are copied in one call: most texts have nothing to escape.
            out.append(text, copied, i);
            if (named != null) {
                out.append(named);
            } else {
                out.append("\\u")
                        .append(HEX[(c >> 12) & 0xF])
                        .append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
            copied = i + 1;
        }
        return out.append(text, copied, text.length()).append('"');
    }
}
