package dev.switchboard.embedded;

import dev.switchboard.json.JsonStrings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.jetty.logging.JettyAppender;
import org.eclipse.jetty.logging.JettyLogger;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes each log event as one JSON object on one line, for log collectors: {@code time} (ISO-8601 UTC, ms),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, {@code connectionId} when the message names a
 * connection ({@code connection <uuid>}, as every line about a connection does), and {@code exception} (the stack
 * trace as one string) when there is one.
 */
final class JsonLogAppender implements JettyAppender {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CONNECTION = "connection ";
    private static final int UUID_LENGTH = 36;

    private final PrintStream out;

    JsonLogAppender(PrintStream out) {
        this.out = out;
    }

    @Override
    public void emit(
            JettyLogger logger,
            Level level,
            long timestamp,
            String threadName,
            Throwable cause,
            String message,
            Object... arguments) {
        String text = arguments == null || arguments.length == 0
                ? String.valueOf(message)
                : MessageFormatter.basicArrayFormat(message, arguments);
        StringBuilder line = new StringBuilder(160 + text.length());
        line.append("{\"time\":\"")
                .append(TIME.format(Instant.ofEpochMilli(timestamp)))
                .append('"');
        field(line, "level", level.name());
        field(line, "logger", logger.getName());
        // Virtual threads are usually unnamed; their id still tells one thread's lines from another's.
        field(
                line,
                "thread",
                threadName == null || threadName.isEmpty()
                        ? "#" + Thread.currentThread().threadId()
                        : threadName);
        field(line, "message", text);
        String connection = connectionId(text);
        if (connection != null) {
            field(line, "connectionId", connection);
        }
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            field(line, "exception", trace.toString());
        }
        line.append("}\n");
        // One write per event, so lines of concurrent threads never interleave.
        out.print(line);
        out.flush();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":");
        JsonStrings.appendQuoted(line, value == null ? "" : value);
    }

    /** The id after the first {@code connection } that is followed by a UUID, or null. */
    static String connectionId(String text) {
        for (int at = text.indexOf(CONNECTION); at >= 0; at = text.indexOf(CONNECTION, at + 1)) {
            int start = at + CONNECTION.length();
            if (isUuid(text, start)) {
                return text.substring(start, start + UUID_LENGTH);
            }
        }
        return null;
    }

    private static boolean isUuid(String text, int start) {
        if (start + UUID_LENGTH > text.length()) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = text.charAt(start + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
