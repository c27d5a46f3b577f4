package dev.switchboard.sse.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code text/event-stream} format of the
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">HTML
 * standard, §9.2.6</a>: an event is a block of {@code field: value} lines ended by a blank line. Lines end with
 * LF here; a payload's own line breaks (CRLF, LF or a lone CR, all line ends to a parser) split it into one
 * {@code data:} line each, which the client joins back with LF.
 */
public final class EventStream {

    private EventStream() {}

    /**
     * Splits text into lines at CRLF, LF or CR, as an event-stream parser would.
     *
     * @param text the text
     * @return the lines; one empty line for empty text
     */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /**
     * The field lines of one event, without the id and without the blank line that ends it.
     *
     * @param event the event type, or null for the default {@code message}
     * @param data  the payload
     * @return the lines, each ended with LF
     */
    public static String body(String event, String data) {
        StringBuilder block = new StringBuilder(data.length() + 16);
        if (event != null && !event.isEmpty()) {
            block.append("event: ").append(singleLine(event)).append('\n');
        }
        for (String line : lines(data)) {
            // "data: x" and "data:x" mean the same; the space keeps a payload that starts with a space intact.
            block.append(line.isEmpty() ? "data:" : "data: ").append(line).append('\n');
        }
        return block.toString();
    }

    /**
     * A complete event.
     *
     * @param id    the id, or null for none (the client keeps its last id)
     * @param event the event type, or null for {@code message}
     * @param data  the payload
     * @return the event block, ended by a blank line
     */
    public static String event(String id, String event, String data) {
        return idLine(id) + body(event, data) + "\n";
    }

    /**
     * The {@code id:} line, or nothing.
     *
     * @param id the id, or null
     * @return the line ended with LF, or the empty string
     */
    public static String idLine(String id) {
        // An id containing NUL is ignored by clients (HTML §9.2.6), and a line break would end the field.
        return id == null ? "" : "id: " + singleLine(id).replace("\0", "") + "\n";
    }

    /**
     * Sets the client's last event id without dispatching an event: a block with an id and no data.
     *
     * @param id the id
     * @return the block
     */
    public static String idOnly(String id) {
        return idLine(id) + "\n";
    }

    /**
     * The reconnection delay field.
     *
     * @param millis the delay in milliseconds
     * @return the block
     */
    public static String retry(long millis) {
        return "retry: " + millis + "\n\n";
    }

    /**
     * A comment, ignored by clients; keeps the stream busy through proxies.
     *
     * @param text the comment text, on one line
     * @return the comment line
     */
    public static String comment(String text) {
        return ":" + (text.isEmpty() ? "" : " " + singleLine(text)) + "\n\n";
    }

    /**
     * Reads text an application sent as raw event fields, the sgcWebSockets way ({@code "event: news \r data: x"}):
     * when every non-blank line is a {@code data}, {@code event}, {@code id} or {@code retry} field or a comment,
     * and there is at least one {@code data} field, the fields are normalised (whitespace around field names and
     * values trimmed, so {@code " data"} after a lone CR still counts) and returned as one event. {@code id}
     * fields are dropped, because the id is Switchboard's resume cursor. Any other text is not raw fields.
     *
     * @param text the text sent to the connection
     * @return the normalised event block (ended by a blank line), or empty
     */
    public static Optional<String> rawFields(String text) {
        StringBuilder block = new StringBuilder(text.length() + 8);
        boolean data = false;
        for (String line : lines(text)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith(":")) {
                block.append(trimmed).append('\n');
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String field = trimmed.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(colon + 1).strip();
            switch (field) {
                case "data" -> {
                    data = true;
                    block.append(value.isEmpty() ? "data:" : "data: ")
                            .append(value)
                            .append('\n');
                }
                case "event" -> block.append("event: ").append(value).append('\n');
                case "retry" -> {
                    if (!value.chars().allMatch(Character::isDigit) || value.isEmpty()) {
                        return Optional.empty();
                    }
                    block.append("retry: ").append(value).append('\n');
                }
                case "id" -> {
                    // Dropped: see above.
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return data ? Optional.of(block.append('\n').toString()) : Optional.empty();
    }

    private static String singleLine(String value) {
        return value.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
    }
}
