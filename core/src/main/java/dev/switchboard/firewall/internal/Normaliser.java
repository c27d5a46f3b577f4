package dev.switchboard.firewall.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a query string or message into the one form the detectors match against, so that an encoding trick does not
 * hide a payload. Decoding is repeated until the text is stable (at most {@value #ROUNDS} rounds, covering nested
 * encodings), each round decoding, in this order: Base64 after the sgc protocol's {@code sgc@b64:} prefix, JSON string
 * escapes (<code>&#92;u0027</code>, {@code \"}, {@code \/}, ...), URL encoding ({@code %27}, {@code %u0027}, {@code +} as
 * space) and HTML character references ({@code &#39;}, {@code &apos;}). Then Unicode compatibility folding (full-width
 * {@code ＜} becomes {@code <}), SQL comments replaced by a space, lower case and runs of white space collapsed. A NUL
 * byte is kept because it is itself a path traversal sign.
 *
 * <p>Every step is a single left-to-right pass, so the whole costs time linear in the input. The result is cut to a
 * bounded prefix ({@code switchboard.firewall.inspect-max-chars}) so that the detectors' cost per message is bounded
 * too; to bound the decoding as well, only the first {@value #RAW_FACTOR} times that many raw characters are decoded
 * (no encoding here spends more than twelve raw characters on one decoded character).
 */
public final class Normaliser {

    /** Default number of normalised characters the detectors inspect. */
    public static final int DEFAULT_MAX_CHARS = 8192;
    /** Raw characters decoded per inspected character, at most. */
    public static final int RAW_FACTOR = 16;

    private static final int ROUNDS = 4;
    private static final String B64_PREFIX = "sgc@b64:";

    private Normaliser() {}

    /**
     * Normalises text, keeping at most {@link #DEFAULT_MAX_CHARS} characters.
     *
     * @param text the raw query string or message
     * @return the normalised form
     */
    public static String normalise(String text) {
        return normalise(text, DEFAULT_MAX_CHARS);
    }

    /**
     * Normalises text and keeps a bounded prefix of the result.
     *
     * @param text     the raw query string or message
     * @param maxChars most characters of normalised text returned
     * @return the normalised form, at most {@code maxChars} long
     */
    public static String normalise(String text, int maxChars) {
        long rawLimit = (long) maxChars * RAW_FACTOR;
        String current = text.length() > rawLimit ? text.substring(0, (int) rawLimit) : text;
        for (int i = 0; i < ROUNDS; i++) {
            String decoded = base64Decode(current);
            decoded = jsonUnescape(decoded);
            // Base64 once more: its prefix may have been JSON-escaped, and URL decoding would turn its + into spaces.
            decoded = base64Decode(decoded);
            decoded = urlDecode(decoded);
            decoded = htmlDecode(decoded);
            if (decoded.equals(current)) {
                break;
            }
            current = decoded;
        }
        if (!isAscii(current)) {
            current = Normalizer.normalize(current, Normalizer.Form.NFKC);
        }
        String normal = collapse(stripComments(current.toLowerCase(Locale.ROOT)));
        return normal.length() > maxChars ? normal.substring(0, maxChars) : normal;
    }

    /**
     * Replaces every {@code sgc@b64:<base64>} by the UTF-8 text it encodes, as the sgc protocol decodes it on arrival;
     * a run that is not valid Base64 of valid UTF-8 is left as it is.
     */
    static String base64Decode(String text) {
        int at = text.indexOf(B64_PREFIX);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at + B64_PREFIX.length();
            int end = start;
            while (end < text.length() && isBase64(text.charAt(end))) {
                end++;
            }
            String decoded = decodeBase64(text.substring(start, end));
            if (decoded != null) {
                out.append(text, copied, at).append(decoded);
                copied = end;
            }
            at = text.indexOf(B64_PREFIX, Math.max(end, at + 1));
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
    }

    private static String decodeBase64(String encoded) {
        if (encoded.isEmpty()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Decodes JSON string escapes (<code>&#92;uXXXX</code>, {@code \"}, {@code \\}, {@code \/}, {@code \b}, {@code \f},
     * {@code \n}, {@code \r}, {@code \t}) wherever they occur, since a message is usually JSON and its parser
     * hands the application the decoded text; a backslash that starts no escape stays.
     */
    static String jsonUnescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(i + 1);
            switch (next) {
                case '"', '\\', '/', '\'' -> {
                    out.append(next);
                    i++;
                }
                case 'b' -> {
                    out.append('\b');
                    i++;
                }
                case 'f' -> {
                    out.append('\f');
                    i++;
                }
                case 'n' -> {
                    out.append('\n');
                    i++;
                }
                case 'r' -> {
                    out.append('\r');
                    i++;
                }
                case 't' -> {
                    out.append('\t');
                    i++;
                }
                case 'u' -> {
                    if (i + 5 < text.length()
                            && hex(text.charAt(i + 2)) >= 0
                            && hex(text.charAt(i + 3)) >= 0
                            && hex(text.charAt(i + 4)) >= 0
                            && hex(text.charAt(i + 5)) >= 0) {
                        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                        i += 5;
                    } else {
                        out.append(c);
                    }
                }
                default -> out.append(c);
            }
        }
        return out.toString();
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
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                pending[pendingLength++] = (byte) (hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
                continue;
            }
            if (pendingLength > 0) {
                out.append(new String(pending, 0, pendingLength, java.nio.charset.StandardCharsets.UTF_8));
                pendingLength = 0;
            }
            if (c == '%'
                    && i + 5 < text.length()
                    && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')
                    && hex(text.charAt(i + 2)) >= 0
                    && hex(text.charAt(i + 3)) >= 0
                    && hex(text.charAt(i + 4)) >= 0
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
                while (end < text.length()
                        && end - i <= 10
                        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '#')) {
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
                    out.append(' ')
                            .append(text, start, end < 0 ? text.length() : end)
                            .append(' ');
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
