package dev.switchboard.firewall.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns a query string or message into the one form the detectors match against, so that an encoding trick does not
 * hide a payload: URL-decoding repeated until stable (at most three rounds, covering double and triple encoding, with
 * {@code %uXXXX} and {@code +} as space), HTML character references, Unicode compatibility folding (full-width
 * {@code ＜} becomes {@code <}), SQL comments replaced by a space, lower case and runs of white space collapsed.
 * A NUL byte is kept (as {@code \0}) because it is itself a path traversal sign.
 */
public final class Normaliser {

    private static final int ROUNDS = 3;

    private Normaliser() {
    }

    /**
     * Normalises text.
     *
     * @param text the raw query string or message
     * @return the normalised form
     */
    public static String normalise(String text) {
        String current = text;
        for (int i = 0; i < ROUNDS; i++) {
            String decoded = urlDecode(current);
            decoded = htmlDecode(decoded);
            if (decoded.equals(current)) {
                break;
            }
            current = decoded;
        }
        if (!isAscii(current)) {
            current = Normalizer.normalize(current, Normalizer.Form.NFKC);
        }
        return collapse(stripComments(current.toLowerCase(Locale.ROOT)));
    }

    /**
     * The normalised text without any white space, to see through {@code <f o r m}-style spacing.
     *
     * @param normalised the output of {@link #normalise}
     * @return the text without white space
     */
    public static String compact(String normalised) {
        StringBuilder out = new StringBuilder(normalised.length());
        for (int i = 0; i < normalised.length(); i++) {
            char c = normalised.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String urlDecode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        byte[] pending = new byte[text.length()];
        int pendingLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                pending[pendingLength++] = (byte) (hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
                continue;
            }
            if (pendingLength > 0) {
                out.append(new String(pending, 0, pendingLength, java.nio.charset.StandardCharsets.UTF_8));
                pendingLength = 0;
            }
            if (c == '%' && i + 5 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')
                    && hex(text.charAt(i + 2)) >= 0 && hex(text.charAt(i + 3)) >= 0 && hex(text.charAt(i + 4)) >= 0
                    && hex(text.charAt(i + 5)) >= 0) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '+') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        if (pendingLength > 0) {
            out.append(new String(pending, 0, pendingLength, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static String htmlDecode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&') {
                int end = i + 1;
                while (end < text.length() && end - i <= 10 && (Character.isLetterOrDigit(text.charAt(end))
                        || text.charAt(end) == '#')) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                // The semicolon is optional in browsers for the common references, so it is here too.
                int next = end < text.length() && text.charAt(end) == ';' ? end + 1 : end;
                String decoded = reference(name);
                if (decoded != null) {
                    out.append(decoded);
                    i = next;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String reference(String name) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return codePoint(name.substring(2), 16);
        }
        if (name.startsWith("#")) {
            return codePoint(name.substring(1), 10);
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "amp" -> "&";
            case "colon" -> ":";
            case "sol" -> "/";
            case "lpar" -> "(";
            case "rpar" -> ")";
            case "tab" -> "\t";
            case "newline" -> "\n";
            default -> null;
        };
    }

    private static String codePoint(String digits, int radix) {
        if (digits.isEmpty() || digits.length() > 7) {
            return null;
        }
        try {
            int value = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(value) ? Character.toString(value) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripComments(String text) {
        if (text.indexOf("/*") < 0) {
            return text;
        }
        // MySQL's /*!00000select*/ runs its content, so the content stays and only the markers go.
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int start = i + 2;
                if (start < text.length() && text.charAt(start) == '!') {
                    start++;
                    while (start < text.length() && Character.isDigit(text.charAt(start))) {
                        start++;
                    }
                    out.append(' ').append(text, start, end < 0 ? text.length() : end).append(' ');
                } else {
                    out.append(' ');
                }
                i = end < 0 ? text.length() : end + 2;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String collapse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B) {
                // A line break stays one: it separates shell commands.
                if (c == '\n') {
                    if (space && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
                        out.setLength(out.length() - 1);
                    }
                    out.append('\n');
                    space = true;
                } else if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }
}
