package dev.switchboard.protocol.stomp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One STOMP frame: a command, its headers in arrival order and a body.
 *
 * <p>A header repeated in one frame keeps its first value, as STOMP 1.2 says
 * (<a href="https://stomp.github.io/stomp-specification-1.2.html#Repeated_Header_Entries">Repeated Header
 * Entries</a>).
 *
 * @param command the command, for example {@code SEND}
 * @param headers the headers, unescaped
 * @param body    the body bytes (the array is not copied: frames are passed on, not shared)
 */
record StompFrame(String command, Map<String, String> headers, byte[] body) {

    StompFrame {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A frame with a text body (empty for none). */
    static StompFrame of(String command, Map<String, String> headers, String body) {
        return new StompFrame(command, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body as UTF-8 text. */
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StompFrame frame
                && command.equals(frame.command)
                && headers.equals(frame.headers)
                && Arrays.equals(body, frame.body);
    }

    @Override
    public int hashCode() {
        return command.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return command + headers.keySet();
    }
}
