package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STOMP 1.2 frames the driver sends, and a reader of the frames it receives. The driver's side of the protocol
 * only: CONNECT, SUBSCRIBE and SEND out; CONNECTED, RECEIPT, MESSAGE and ERROR in.
 *
 * <p>The reader takes the text of WebSocket messages as they come: a message may hold several frames, a part of one,
 * or only heart-beat EOLs. A frame's body runs to its {@code content-length} (counted in UTF-8 bytes, so it may hold
 * NULs) or, without one, to the first NUL. What it buffers is bounded; a frame split over messages is parsed again
 * from its start when more arrives, which the bound keeps cheap.
 */
final class StompFrames {

    private StompFrames() {}

    /**
     * One received frame.
     *
     * @param command the command
     * @param headers the headers, decoded (STOMP 1.2 escapes), the first of a repeated header kept
     * @param body    the body
     */
    record Frame(String command, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * The CONNECT frame: STOMP 1.2 only, no heart-beats (a benchmark's subscribers are silent for whole rounds, and
     * heart-beats would add traffic that differs between servers).
     */
    static String connect(String host) {
        return "CONNECT\naccept-version:1.2\nhost:" + escape(host) + "\nheart-beat:0,0\n\n\0";
    }

    /** A SUBSCRIBE with {@code ack:auto}, asking for a RECEIPT once the subscription is in place. */
    static String subscribe(String id, String destination, String receipt) {
        return "SUBSCRIBE\nid:" + escape(id) + "\ndestination:" + escape(destination) + "\nack:auto\nreceipt:"
                + escape(receipt) + "\n\n\0";
    }

    /** A SEND of a text body; {@code content-length} is given so a body may hold anything. */
    static String send(String destination, String body) {
        return "SEND\ndestination:" + escape(destination) + "\ncontent-type:text/plain\ncontent-length:"
                + utf8Length(body, 0, body.length()) + "\n\n" + body + "\0";
    }

    /** STOMP 1.2 header escaping (§ Value Encoding). */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case ':' -> out.append("\\c");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static int utf8Length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            bytes += utf8Length(text.charAt(i));
        }
        return bytes;
    }

    private static int utf8Length(char c) {
        // A surrogate pair is one 4-byte code point: 2 bytes for each half.
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** Thrown for a frame the reader cannot accept: malformed, or past one of its bounds. */
    static final class MalformedFrameException extends RuntimeException {
        MalformedFrameException(String message) {
            super(message);
        }
    }

    /**
     * Reads frames from a stream of WebSocket message texts. Not thread-safe: one per connection, fed from its
     * (serial) listener.
     */
    static final class Reader {

        private final int maxFrameChars;
        private final int maxHeaders;
        private final StringBuilder pending = new StringBuilder();

        /**
         * @param maxFrameChars the longest frame buffered (command to NUL), in characters
         * @param maxHeaders    the most headers of one frame
         */
        Reader(int maxFrameChars, int maxHeaders) {
            this.maxFrameChars = maxFrameChars;
            this.maxHeaders = maxHeaders;
        }

        /** A reader with the bounds the driver uses: 64 Ki characters and 64 headers per frame. */
        Reader() {
            this(65_536, 64);
        }

        /**
         * Takes one WebSocket message's text and returns the frames it completes, in order.
         *
         * @throws MalformedFrameException when a frame is malformed or too large
         */
        List<Frame> feed(CharSequence text) {
            List<Frame> frames = new ArrayList<>(1);
            int start = 0;
            // Most messages hold exactly whole frames: parse in place and keep only an incomplete tail.
            CharSequence source = text;
            if (!pending.isEmpty()) {
                pending.append(text);
                source = pending;
            }
            while (true) {
                start = skipEols(source, start);
                if (start >= source.length()) {
                    break;
                }
                int end = parse(source, start, frames);
                if (end < 0) {
                    break;
                }
                start = end;
            }
            if (source == pending) {
                pending.delete(0, start);
            } else if (start < source.length()) {
                pending.append(source, start, source.length());
            }
            if (pending.length() > maxFrameChars) {
                throw new MalformedFrameException("frame longer than " + maxFrameChars + " characters");
            }
            return frames;
        }

        private static int skipEols(CharSequence source, int from) {
            int i = from;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (c == '\n') {
                    i++;
                } else if (c == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n') {
                    i += 2;
                } else {
                    break;
                }
            }
            return i;
        }

        /** Parses one frame at {@code start}; returns the index after it, or -1 when it is not complete yet. */
        private int parse(CharSequence source, int start, List<Frame> frames) {
            int lineEnd = indexOf(source, '\n', start);
            if (lineEnd < 0) {
                return -1;
            }
            String command = line(source, start, lineEnd);
            if (command.isEmpty()) {
                throw new MalformedFrameException("empty command");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int position = lineEnd + 1;
            int count = 0;
            while (true) {
                int end = indexOf(source, '\n', position);
                if (end < 0) {
                    return -1;
                }
                String line = line(source, position, end);
                position = end + 1;
                if (line.isEmpty()) {
                    break;
                }
                if (++count > maxHeaders) {
                    throw new MalformedFrameException("more than " + maxHeaders + " headers");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new MalformedFrameException("header without a name or colon: " + line);
                }
                // CONNECTED is never escaped (STOMP 1.2 § Value Encoding); every other frame is.
                boolean escaped = !command.equals("CONNECTED");
                String name = escaped ? unescape(line.substring(0, colon)) : line.substring(0, colon);
                String value = escaped ? unescape(line.substring(colon + 1)) : line.substring(colon + 1);
                headers.putIfAbsent(name, value);
            }
            String length = headers.get("content-length");
            int bodyEnd;
            if (length != null) {
                long bytes;
                try {
                    bytes = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    throw new MalformedFrameException("content-length " + length);
                }
                if (bytes < 0 || bytes > maxFrameChars * 4L) {
                    throw new MalformedFrameException("content-length " + length);
                }
                bodyEnd = position;
                long counted = 0;
                while (counted < bytes) {
                    if (bodyEnd >= source.length()) {
                        return -1;
                    }
                    counted += utf8Length(source.charAt(bodyEnd++));
                }
                if (counted != bytes) {
                    throw new MalformedFrameException("content-length " + length + " splits a character");
                }
                if (bodyEnd >= source.length()) {
                    return -1;
                }
                if (source.charAt(bodyEnd) != '\0') {
                    throw new MalformedFrameException("no NUL after content-length " + length + " bytes");
                }
            } else {
                bodyEnd = indexOf(source, '\0', position);
                if (bodyEnd < 0) {
                    return -1;
                }
            }
            frames.add(new Frame(
                    command, headers, source.subSequence(position, bodyEnd).toString()));
            return bodyEnd + 1;
        }

        private static int indexOf(CharSequence source, char wanted, int from) {
            for (int i = from; i < source.length(); i++) {
                if (source.charAt(i) == wanted) {
                    return i;
                }
            }
            return -1;
        }

        /** A line without its EOL ({@code \n} or {@code \r\n}). */
        private static String line(CharSequence source, int start, int newline) {
            int end = newline > start && source.charAt(newline - 1) == '\r' ? newline - 1 : newline;
            return source.subSequence(start, end).toString();
        }

        private static String unescape(String value) {
            if (value.indexOf('\\') < 0) {
                return value;
            }
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (++i == value.length()) {
                    throw new MalformedFrameException("header ends in a backslash");
                }
                switch (value.charAt(i)) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 'c' -> out.append(':');
                    case '\\' -> out.append('\\');
                    default -> throw new MalformedFrameException("undefined escape \\" + value.charAt(i));
                }
            }
            return out.toString();
        }
    }
}
