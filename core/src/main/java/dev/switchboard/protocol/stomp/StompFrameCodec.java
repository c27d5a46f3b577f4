package dev.switchboard.protocol.stomp;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.hub.BaseConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes STOMP frames (<a href="https://stomp.github.io/stomp-specification-1.2.html#STOMP_Frames">STOMP
 * 1.2 frames</a>).
 *
 * <p>A {@link Decoder} belongs to one connection: frames may arrive several per WebSocket message or split over
 * messages, with heart-beat EOLs between them. It scans every byte once (the search for a frame's end resumes where
 * the previous message left it), and it enforces the limits before it buffers: a frame larger than the frame limit,
 * with more headers than allowed or with a longer header line is refused as soon as that is known.
 *
 * <p>Header values are unescaped per version: 1.2 knows {@code \r \n \c \\}, 1.1 the same without {@code \r}, 1.0
 * none. CONNECT and CONNECTED are never escaped (1.2 says so, and the version is not known before CONNECTED). An
 * unknown escape is an error in 1.1 and 1.2.
 */
final class StompFrameCodec {

    /** Commands a client may send. */
    static final Set<String> CLIENT_COMMANDS = Set.of(
            "CONNECT",
            "STOMP",
            "SEND",
            "SUBSCRIBE",
            "UNSUBSCRIBE",
            "ACK",
            "NACK",
            "BEGIN",
            "COMMIT",
            "ABORT",
            "DISCONNECT");

    private StompFrameCodec() {}

    /** The limits one decoder enforces. */
    record Limits(int maxFrameBytes, int maxHeaders, int maxHeaderLength) {
        static Limits of(StompSettings settings) {
            return new Limits(settings.maxFrameBytes(), settings.maxHeaders(), settings.maxHeaderLength());
        }
    }

    /** What one WebSocket message carried: its frames and how many heart-beat EOLs. */
    record Decoded(List<StompFrame> frames, int heartbeats) {}

    /**
     * Decodes one connection's inbound bytes. Not thread-safe: a connection's messages arrive serially.
     */
    static final class Decoder {
        private final Limits limits;
        private StompVersion version = StompVersion.V1_2;
        private byte[] buffer = new byte[0];
        private int length;
        /** Where the search for the end of the headers (or the body's NUL) resumes. */
        private int scanned;
        /** The headers of the frame being read, once its header block is complete. */
        private Head head;
        /** Where the header block being scanned starts (-1 for none), its current line's start, its lines so far. */
        private int scanStart = -1;

        private int lineStart;
        private int lines;

        Decoder(Limits limits) {
            this.limits = limits;
        }

        /** Sets the version whose escaping applies from now on (after CONNECTED). */
        void version(StompVersion negotiated) {
            this.version = negotiated;
        }

        /** Tells whether a frame has begun but not ended. */
        boolean partial() {
            return length > 0;
        }

        /**
         * Decodes the frames a WebSocket message completes.
         *
         * @param data the message bytes
         * @return the complete frames and the heart-beats, in order
         * @throws StompProtocolException on malformed input or a broken limit; the decoder is then unusable
         */
        Decoded decode(ByteBuffer data) throws StompProtocolException {
            append(data);
            List<StompFrame> frames = new ArrayList<>(1);
            int heartbeats = 0;
            int start = 0;
            while (start < length) {
                if (head == null) {
                    // Heart-beats (and the optional EOLs after a frame) come only between frames.
                    if (buffer[start] == '\n') {
                        heartbeats++;
                        start++;
                        scanned = start;
                        continue;
                    }
                    if (buffer[start] == '\r' && start + 1 < length && buffer[start + 1] == '\n') {
                        heartbeats++;
                        start += 2;
                        scanned = start;
                        continue;
                    }
                    if (buffer[start] == '\r' && start + 1 == length) {
                        break;
                    }
                    int end = headerEnd(start);
                    if (end < 0) {
                        checkSize(length - start);
                        break;
                    }
                    head = parseHead(start, end);
                    scanned = head.bodyStart;
                }
                int bodyEnd;
                if (head.contentLength >= 0) {
                    bodyEnd = head.bodyStart + head.contentLength;
                    if (bodyEnd >= length) {
                        break;
                    }
                    if (buffer[bodyEnd] != 0) {
                        throw new StompProtocolException("the body is longer than its content-length");
                    }
                } else {
                    bodyEnd = indexOfNul(scanned);
                    if (bodyEnd < 0) {
                        scanned = length;
                        checkSize(length - head.frameStart);
                        break;
                    }
                }
                checkSize(bodyEnd + 1 - head.frameStart);
                byte[] body = new byte[bodyEnd - head.bodyStart];
                System.arraycopy(buffer, head.bodyStart, body, 0, body.length);
                frames.add(new StompFrame(head.command, head.headers, body));
                start = bodyEnd + 1;
                scanned = start;
                head = null;
            }
            compact(start);
            return new Decoded(frames, heartbeats);
        }

        private void append(ByteBuffer data) throws StompProtocolException {
            int more = data.remaining();
            long total = (long) length + more;
            if (total > Integer.MAX_VALUE - 16) {
                throw new StompProtocolException("frame too large", CloseCodes.MESSAGE_TOO_BIG);
            }
            if (buffer.length < total) {
                byte[] grown =
                        new byte[(int) Math.max(total, Math.min((long) buffer.length * 2, Integer.MAX_VALUE - 16))];
                System.arraycopy(buffer, 0, grown, 0, length);
                buffer = grown;
            }
            data.duplicate().get(buffer, length, more);
            length += more;
        }

        private void compact(int start) {
            if (start == 0) {
                return;
            }
            int rest = length - start;
            System.arraycopy(buffer, start, buffer, 0, rest);
            length = rest;
            scanned = Math.max(0, scanned - start);
            if (scanStart >= 0) {
                scanStart -= start;
                lineStart -= start;
            }
            if (head != null) {
                head = head.shift(start);
            }
            if (rest == 0 && buffer.length > 4096) {
                buffer = new byte[0];
            }
        }

        private void checkSize(int frameBytes) throws StompProtocolException {
            if (frameBytes > limits.maxFrameBytes()) {
                throw new StompProtocolException(
                        "frame larger than " + limits.maxFrameBytes() + " bytes", CloseCodes.MESSAGE_TOO_BIG);
            }
        }

        /**
         * The index just after the blank line ending the header block, or -1. The scan resumes where the previous
         * message left it, so a header block split over many messages is still read once.
         */
        private int headerEnd(int start) throws StompProtocolException {
            if (scanStart != start) {
                scanStart = start;
                scanned = start;
                lineStart = start;
                lines = 0;
            }
            for (int i = scanned; i < length; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                int lineEnd = i > lineStart && buffer[i - 1] == '\r' ? i - 1 : i;
                if (lineEnd == lineStart) {
                    scanStart = -1;
                    return i + 1;
                }
                if (lineEnd - lineStart > limits.maxHeaderLength()) {
                    throw new StompProtocolException("header line longer than " + limits.maxHeaderLength() + " bytes");
                }
                if (++lines > limits.maxHeaders() + 1) {
                    throw new StompProtocolException("more than " + limits.maxHeaders() + " headers");
                }
                lineStart = i + 1;
            }
            scanned = length;
            if (length - lineStart > limits.maxHeaderLength()) {
                throw new StompProtocolException("header line longer than " + limits.maxHeaderLength() + " bytes");
            }
            return -1;
        }

        private int indexOfNul(int from) {
            for (int i = from; i < length; i++) {
                if (buffer[i] == 0) {
                    return i;
                }
            }
            return -1;
        }

        private Head parseHead(int start, int end) throws StompProtocolException {
            List<String> lines = new ArrayList<>();
            int lineStart = start;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > lineStart && buffer[i - 1] == '\r' ? i - 1 : i;
                    if (lineEnd > lineStart) {
                        lines.add(new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8));
                    }
                    lineStart = i + 1;
                }
            }
            String command = lines.get(0);
            if (!CLIENT_COMMANDS.contains(command)) {
                throw new StompProtocolException("unknown command '" + printable(command) + "'");
            }
            boolean escaped = version != StompVersion.V1_0 && !command.equals("CONNECT") && !command.equals("STOMP");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new StompProtocolException("header line without a name and a colon");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1);
                if (escaped) {
                    name = unescape(name, version);
                    value = unescape(value, version);
                }
                headers.putIfAbsent(name, value);
            }
            int contentLength = -1;
            String declared = headers.get("content-length");
            if (declared != null) {
                contentLength = parseLength(declared);
                checkSize(end - start + contentLength + 1);
            }
            return new Head(start, end, command, headers, contentLength);
        }

        private int parseLength(String declared) throws StompProtocolException {
            String value = declared.trim();
            if (value.isEmpty() || value.length() > 10) {
                throw new StompProtocolException("content-length is not a number");
            }
            long parsed = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    throw new StompProtocolException("content-length is not a number");
                }
                parsed = parsed * 10 + (c - '0');
            }
            if (parsed > limits.maxFrameBytes()) {
                throw new StompProtocolException(
                        "frame larger than " + limits.maxFrameBytes() + " bytes", CloseCodes.MESSAGE_TOO_BIG);
            }
            return (int) parsed;
        }
    }

    /** The parsed header block of the frame being read. */
    private record Head(int frameStart, int bodyStart, String command, Map<String, String> headers, int contentLength) {
        Head shift(int by) {
            return new Head(frameStart - by, bodyStart - by, command, headers, contentLength);
        }
    }

    /** Unescapes a header name or value of a 1.1 or 1.2 frame. */
    static String unescape(String text, StompVersion version) throws StompProtocolException {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == text.length()) {
                throw new StompProtocolException("header ends with an unfinished escape");
            }
            switch (text.charAt(i)) {
                case 'n' -> out.append('\n');
                case 'c' -> out.append(':');
                case '\\' -> out.append('\\');
                case 'r' -> {
                    if (version != StompVersion.V1_2) {
                        throw new StompProtocolException("\\r is not an escape before STOMP 1.2");
                    }
                    out.append('\r');
                }
                default ->
                    throw new StompProtocolException("undefined escape \\" + printable(text.substring(i, i + 1)));
            }
        }
        return out.toString();
    }

    /** Escapes a header name or value for a frame of the version. */
    static String escape(String text, StompVersion version) {
        if (version == StompVersion.V1_0) {
            // 1.0 has no escaping: a line break would end the header, so it cannot be sent at all.
            return text.replace('\n', ' ').replace('\r', ' ');
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case ':' -> "\\c";
                case '\\' -> "\\\\";
                case '\r' -> version == StompVersion.V1_2 ? "\\r" : " ";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Encodes a server frame. CONNECTED is never escaped; the others per version. A {@code content-length} header is
     * added for every body, so bodies may hold NUL bytes.
     *
     * @param frame   the frame
     * @param version the connection's version
     * @return the bytes, NUL-terminated
     */
    static byte[] encode(StompFrame frame, StompVersion version) {
        byte[] head = head(frame.command(), frame.headers(), frame.body().length, version, 0)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + frame.body().length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(frame.body(), 0, out, head.length, frame.body().length);
        // The last byte stays 0: the frame's NUL.
        return out;
    }

    /**
     * Encodes a server frame with a text body as the text of one WebSocket text message, as {@link #encode} would
     * give it decoded, without encoding the body to bytes and back: {@code content-length} counts the body's UTF-8
     * bytes as the message's writer encodes them.
     *
     * @param command the command
     * @param headers the headers, in order
     * @param body    the body
     * @param version the connection's version
     * @return the frame, NUL-terminated
     */
    static String encodeText(String command, Map<String, String> headers, String body, StompVersion version) {
        return head(command, headers, BaseConnection.utf8Length(body), version, body.length() + 1)
                .append(body)
                .append('\0')
                .toString();
    }

    /** The command, the headers and the blank line after them; {@code room} more chars are reserved for the body. */
    private static StringBuilder head(
            String command, Map<String, String> headers, long bodyLength, StompVersion version, int room) {
        boolean escaped = !command.equals("CONNECTED");
        StringBuilder head = new StringBuilder(64 + room).append(command).append('\n');
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equals("content-length")) {
                continue;
            }
            head.append(escaped ? escape(header.getKey(), version) : header.getKey())
                    .append(':')
                    .append(escaped ? escape(header.getValue(), version) : header.getValue())
                    .append('\n');
        }
        if (bodyLength > 0 || command.equals("MESSAGE")) {
            head.append("content-length:").append(bodyLength).append('\n');
        }
        return head.append('\n');
    }

    /** A client-supplied string, shortened and without control characters, for an error message. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 40));
        for (int i = 0; i < text.length() && out.length() < 40; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
