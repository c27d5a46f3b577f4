package dev.switchboard.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one canonical form of a request path on which every path decision is taken: the firewall's per-path
 * options, authentication's protected paths, forwarding routes, the SSE transport and the admin API all read it,
 * so none of them can be steered around by writing the same path another way.
 *
 * <p>The canonical path is the raw request path, relative to the web application's context, with path parameters
 * ({@code ;jsessionid=...}) removed from every segment, every segment percent-decoded exactly once as UTF-8, empty
 * segments dropped (a trailing {@code /} kept), and {@code .} and {@code ..} segments resolved as RFC 3986
 * section 5.2.4 does. It always starts with {@code /}.
 *
 * <p>Some raw paths can be read in two ways by two honest parsers, and then one of them is wrong about what the
 * request asks for. Those are refused as {@link AmbiguousPathException ambiguous} rather than guessed at:
 * <ul>
 *   <li>an encoded {@code /} ({@code %2F}), {@code \} ({@code %5C}) or {@code %} ({@code %25}): a second decoding
 *       anywhere downstream would change the path's structure;</li>
 *   <li>a raw {@code \}, which some servers treat as a separator;</li>
 *   <li>NUL or another control character, raw or encoded;</li>
 *   <li>a malformed percent escape or bytes that are not UTF-8;</li>
 *   <li>a dot segment written with an escape ({@code %2e%2e}) or carrying path parameters ({@code ..;x});</li>
 *   <li>a {@code ..} that would climb above the root of the context;</li>
 *   <li>a path that is not under the context path once resolved.</li>
 * </ul>
 * Switchboard's first filter refuses such requests with 400 before any other filter decides anything.
 *
 * <p>The canonical path never contains an empty, {@code .} or {@code ..} segment, so a prefix test on it (after a
 * {@code /}) is a containment test: {@code /pub/../admin} is {@code /admin}, never under {@code /pub}.
 */
public final class RequestPath {

    /** Request attribute in which the canonical path is kept once computed. */
    public static final String ATTRIBUTE = "dev.switchboard.request-path";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestPath() {}

    /**
     * The canonical path of a request, relative to its context; computed once and kept in {@link #ATTRIBUTE}.
     *
     * @param request the request
     * @return the canonical path, starting with {@code /}
     * @throws AmbiguousPathException when the raw path is ambiguous (Switchboard's first filter has refused such
     *                                requests already, so filters after it never see this)
     */
    public static String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        String path = relative(canonicalise(request.getRequestURI()), request.getContextPath());
        request.setAttribute(ATTRIBUTE, path);
        return path;
    }

    /**
     * Makes a canonical path relative to a context path.
     *
     * @param canonical   a canonical path, from the root of the server
     * @param contextPath the context path ({@code ""} for the root context)
     * @return the path inside the context, starting with {@code /}
     * @throws AmbiguousPathException when the path is not inside the context
     */
    public static String relative(String canonical, String contextPath) {
        if (contextPath == null || contextPath.isEmpty() || contextPath.equals("/")) {
            return canonical;
        }
        if (canonical.equals(contextPath)) {
            return "/";
        }
        if (!canonical.startsWith(contextPath + "/")) {
            throw new AmbiguousPathException("the path leaves the application's context");
        }
        return canonical.substring(contextPath.length());
    }

    /**
     * Computes the canonical form of a raw, still encoded request path (the request-target without its query).
     *
     * @param raw the raw path, as {@code HttpServletRequest.getRequestURI()} returns it
     * @return the canonical path, starting with {@code /}
     * @throws AmbiguousPathException when the raw path is ambiguous
     */
    public static String canonicalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        if (raw.charAt(0) != '/') {
            throw new AmbiguousPathException("the path does not start with /");
        }
        for (int i = 0; i < raw.length(); i++) {
            // Checked over the whole path, path parameters included: they are dropped here, but not by everyone.
            char c = raw.charAt(i);
            if (c == '\\') {
                throw new AmbiguousPathException("a \\ in the path");
            }
            if (c < 0x20 || c == 0x7F) {
                throw new AmbiguousPathException("a control character in the path");
            }
        }
        List<String> segments = new ArrayList<>();
        int length = raw.length();
        int start = 1;
        boolean trailingSlash = false;
        while (start <= length) {
            int end = raw.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            String segment = segment(raw, start, end);
            boolean last = end == length;
            switch (segment) {
                case "" -> trailingSlash = last && !segments.isEmpty();
                case "." -> trailingSlash = !segments.isEmpty();
                case ".." -> {
                    if (segments.isEmpty()) {
                        throw new AmbiguousPathException("a .. segment climbs above the root");
                    }
                    segments.remove(segments.size() - 1);
                    trailingSlash = !segments.isEmpty();
                }
                default -> {
                    segments.add(segment);
                    trailingSlash = false;
                }
            }
            start = end + 1;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (trailingSlash) {
            path.append('/');
        }
        return path.toString();
    }

    /**
     * Decodes one raw segment: path parameters dropped, escapes decoded once, dot segments told apart from names
     * that merely look like them.
     */
    private static String segment(String raw, int start, int end) {
        int semicolon = raw.indexOf(';', start);
        boolean parameters = semicolon >= 0 && semicolon < end;
        int stop = parameters ? semicolon : end;
        ByteArrayOutputStream bytes = null;
        boolean escaped = false;
        for (int i = start; i < stop; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= stop) {
                    throw new AmbiguousPathException("a malformed percent escape");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new AmbiguousPathException("a malformed percent escape");
                }
                int b = high << 4 | low;
                if (b == '/' || b == '\\' || b == '%') {
                    throw new AmbiguousPathException("an encoded /, \\ or %");
                }
                if (b < 0x20 || b == 0x7F) {
                    throw new AmbiguousPathException("an encoded control character");
                }
                if (bytes == null) {
                    bytes = prefix(raw, start, i);
                }
                bytes.write(b);
                escaped = true;
                i += 2;
            } else {
                if (c > 0x7F && bytes == null) {
                    bytes = prefix(raw, start, i);
                }
                if (bytes != null) {
                    if (c < 0x80) {
                        bytes.write(c);
                    } else {
                        int next = i + 1;
                        if (Character.isSurrogate(c)) {
                            if (!Character.isHighSurrogate(c)
                                    || next >= stop
                                    || !Character.isLowSurrogate(raw.charAt(next))) {
                                throw new AmbiguousPathException("characters that are not UTF-8");
                            }
                            next++;
                        }
                        byte[] encoded = raw.substring(i, next).getBytes(StandardCharsets.UTF_8);
                        bytes.write(encoded, 0, encoded.length);
                        i = next - 1;
                    }
                }
            }
        }
        String decoded = bytes == null ? raw.substring(start, stop) : utf8(bytes.toByteArray());
        if (decoded.equals(".") || decoded.equals("..")) {
            if (escaped || parameters) {
                throw new AmbiguousPathException("a dot segment written with an escape or with path parameters");
            }
        } else if (parameters && decoded.isEmpty()) {
            // "/;x/admin": an empty segment that carried parameters is still empty.
            return "";
        }
        return decoded;
    }

    private static ByteArrayOutputStream prefix(String raw, int start, int upTo) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(upTo - start + 16);
        for (int j = start; j < upTo; j++) {
            bytes.write(raw.charAt(j));
        }
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
                    throw new AmbiguousPathException("an encoded control character, / or \\");
                }
            }
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new AmbiguousPathException("bytes that are not UTF-8");
        }
    }

    /**
     * Tells whether a canonical path is a prefix path itself or lies beneath it. A trailing {@code /} of the prefix
     * does not matter; the prefix {@code /} covers every path.
     *
     * @param path   a canonical path
     * @param prefix a configured path prefix, canonical
     * @return true when {@code path} equals {@code prefix} or continues it after a {@code /}
     */
    public static boolean isUnder(String path, String prefix) {
        String bare = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(bare) || path.startsWith(bare + "/");
    }

    /**
     * Encodes a canonical path for use in a URI: every character outside RFC 3986's unreserved set and the
     * sub-delimiters that are safe in a segment is percent-encoded as UTF-8, so the result canonicalises back to
     * the same path.
     *
     * @param canonical a canonical path
     * @return its encoded form
     */
    public static String encode(String canonical) {
        StringBuilder out = null;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (!plain(c)) {
                out = new StringBuilder(canonical.length() + 16).append(canonical, 0, i);
                break;
            }
        }
        if (out == null) {
            return canonical;
        }
        byte[] bytes = canonical.substring(out.length()).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int unsigned = b & 0xFF;
            if (unsigned < 0x80 && plain((char) unsigned)) {
                out.append((char) unsigned);
            } else {
                out.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
            }
        }
        return out.toString();
    }

    /** Characters that stand for themselves in an encoded path: unreserved, '/', and the harmless sub-delimiters. */
    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~/!$&'()*+,=:@".indexOf(c) >= 0;
    }
}
