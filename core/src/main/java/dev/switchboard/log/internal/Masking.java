package dev.switchboard.log.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Hides credentials in text written to the wire log: the string values of JSON members named like a credential
 * ({@code "password"}, {@code "token"}, {@code "ticket"}, ...; sgc's {@code sgc@refresh} carries its credential
 * so), query and form values of the same names ({@code ticket=...}), the password and token of the sgc URL forms
 * ({@code /sgc/auth/url/USER/PASSWORD}, {@code /sgc/auth/session/TOKEN}) and the value of an
 * {@code Authorization:} header line, and the post key an SSE stream is sent ({@code event: post-key}). Every scan is a single left-to-right pass per pattern: no regular
 * expression runs on what a client sent.
 */
public final class Masking {

    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    /** Member and parameter names whose values are credentials, in lower case. */
    static final Set<String> CREDENTIAL_NAMES = Set.of(
            "password",
            "passwd",
            "pwd",
            "pass",
            "token",
            "ticket",
            "secret",
            "authorization",
            "access_token",
            "refresh_token",
            "id_token",
            "apikey",
            "api_key",
            "postkey",
            "post_key",
            "session");

    private static final String[] QUERY_NAMES = {"password=", "passwd=", "token=", "ticket=", "secret=", "access_token="
    };
    private static final String[] SGC_PATHS = {"/sgc/auth/url/", "/sgc/req/auth/session/", "/sgc/auth/session/"};

    private Masking() {}

    /**
     * The text with every credential it carries replaced by {@value #MASK}.
     *
     * @param text the text
     * @return the masked text (the same instance when nothing was masked)
     */
    public static String mask(String text) {
        String masked = jsonMembers(text);
        for (String name : QUERY_NAMES) {
            masked = queryValues(masked, name);
        }
        for (String prefix : SGC_PATHS) {
            masked = sgcPath(masked, prefix);
        }
        return sseDataAfter(authorizationHeader(masked), "event: post-key\n");
    }

    /**
     * Masks the data lines of an SSE event block of the given type: the SSE transport sends a stream's post key,
     * which authenticates its POSTs, as such an event.
     */
    static String sseDataAfter(String text, String eventLine) {
        int at = text.indexOf(eventLine);
        if (at < 0) {
            return text;
        }
        int start = text.indexOf("data:", at + eventLine.length());
        if (start < 0) {
            return text;
        }
        start = skipSpace(text, start + "data:".length());
        int end = start;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(0, start) + MASK + text.substring(end);
    }

    /**
     * Masks {@code "name" : "value"} where name is a credential name, also when the member sits in JSON that is
     * itself a string value ({@code \"password\":\"...\"}, as a published JSON message is sent on). Values of
     * other types are left.
     */
    static String jsonMembers(String text) {
        if (text.indexOf('"') < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) != '"') {
                continue;
            }
            int nameStart = i + 1;
            int nameEnd = nameStart;
            while (nameEnd < n && isNameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == nameStart
                    || nameEnd - nameStart > 16
                    || !CREDENTIAL_NAMES.contains(
                            text.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean nested = i > 0 && text.charAt(i - 1) == '\\';
            int k = quote(text, nameEnd, nested);
            if (k < 0) {
                continue;
            }
            k = skipSpace(text, k);
            if (k >= n || text.charAt(k) != ':') {
                continue;
            }
            int valueStart = quote(text, skipSpace(text, k + 1), nested);
            if (valueStart < 0) {
                continue;
            }
            int valueEnd = nested ? text.indexOf("\\\"", valueStart) : stringEnd(text, valueStart - 1);
            if (valueEnd < 0) {
                valueEnd = n;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(text, copied, valueStart).append(MASK);
            copied = valueEnd;
            i = valueEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The index after a quote ({@code "}, or {@code \"} when nested) at {@code at}, or -1. */
    private static int quote(String text, int at, boolean nested) {
        if (nested) {
            return at + 1 < text.length() && text.charAt(at) == '\\' && text.charAt(at + 1) == '"' ? at + 2 : -1;
        }
        return at < text.length() && text.charAt(at) == '"' ? at + 1 : -1;
    }

    /** The index of the quote that closes the string opened at {@code start}, or -1. */
    private static int stringEnd(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Masks the value after {@code name} (which ends with '=') when it starts a parameter. */
    static String queryValues(String text, String name) {
        int at = indexOfIgnoreCase(text, name, 0);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int valueStart = at + name.length();
            boolean parameter = at == 0 || "?&; \"'\n,{(".indexOf(text.charAt(at - 1)) >= 0;
            if (!parameter) {
                at = indexOfIgnoreCase(text, name, valueStart);
                continue;
            }
            int valueEnd = valueStart;
            while (valueEnd < text.length() && "&;# \"'\r\n,}<>)".indexOf(text.charAt(valueEnd)) < 0) {
                valueEnd++;
            }
            out.append(text, copied, valueStart).append(MASK);
            copied = valueEnd;
            at = indexOfIgnoreCase(text, name, valueEnd);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Masks the credential segments after an sgc URL-form prefix: the token, or the segment after the user. */
    static String sgcPath(String text, String prefix) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            return text;
        }
        boolean userFirst = !prefix.equals("/sgc/auth/session/");
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at + prefix.length();
            if (userFirst) {
                int slash = text.indexOf('/', start);
                if (slash < 0) {
                    break;
                }
                start = slash + 1;
            }
            int end = start;
            while (end < text.length() && "/?# \"'\r\n".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            out.append(text, copied, start).append(MASK);
            copied = end;
            at = text.indexOf(prefix, end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Masks what follows {@code Authorization:} up to the end of its line. */
    static String authorizationHeader(String text) {
        String name = "authorization:";
        int at = indexOfIgnoreCase(text, name, 0);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = skipSpace(text, at + name.length());
            int end = start;
            while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            out.append(text, copied, start).append(MASK);
            copied = end;
            at = indexOfIgnoreCase(text, name, end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static int indexOfIgnoreCase(String text, String lowerCaseNeedle, int from) {
        int last = text.length() - lowerCaseNeedle.length();
        for (int i = from; i <= last; i++) {
            if (text.regionMatches(true, i, lowerCaseNeedle, 0, lowerCaseNeedle.length())) {
                return i;
            }
        }
        return -1;
    }
}
