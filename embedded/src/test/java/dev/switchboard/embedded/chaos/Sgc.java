package dev.switchboard.embedded.chaos;

import java.util.Optional;

/** The sgc frames the chaos tests send, and the fields they read from what the server sends. */
final class Sgc {

    private Sgc() {}

    static String subscribe(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    /** A resume of one channel; without an epoch it subscribes and answers where the channel stands. */
    static String resume(String channel, String epoch, long offset, String id) {
        String position = epoch == null ? "" : ",\"epoch\":\"" + epoch + "\",\"offset\":" + offset;
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":{\"channel\":\"" + channel + "\"" + position
                + "},\"id\":\"" + id + "\"}";
    }

    /** A QoS 1 publish with an id: acknowledged once the broker has taken it. */
    static String publishQos1(String channel, String message, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"},\"qos\":\"qosLevel1\",\"id\":\"" + id + "\"}";
    }

    /** A QoS 2 publish: stored until released, answered with sgc@pubrec. */
    static String publishQos2(String channel, String message, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\",\"qos\":\"qosLevel2\"},\"qos\":\"qosLevel2\",\"id\":\"" + id
                + "\"}";
    }

    static String pubrel(String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":\"" + id + "\"}";
    }

    static String qosSession(String key, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@qos-session\",\"params\":{\"key\":\"" + key + "\"},\"id\":\"" + id
                + "\"}";
    }

    static boolean isAck(String text) {
        return text.contains("\"method\":\"sgc@acknowledgment\"");
    }

    static boolean isPubrec(String text) {
        return text.contains("\"method\":\"sgc@pubrec\"");
    }

    static boolean isEvent(String text) {
        return text.contains("\"method\":\"sgc@event\"");
    }

    /** The string value of a field, as the server writes it (no escapes in what these tests send). */
    static Optional<String> string(String text, String field) {
        String key = "\"" + field + "\":\"";
        int start = text.indexOf(key);
        if (start < 0) {
            return Optional.empty();
        }
        start += key.length();
        return Optional.of(text.substring(start, text.indexOf('"', start)));
    }

    /** The number value of a field. */
    static long number(String text, String field) {
        String key = "\"" + field + "\":";
        int start = text.indexOf(key);
        if (start < 0) {
            throw new AssertionError("no " + field + " in " + text);
        }
        start += key.length();
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(start, end));
    }

    /** The id of a frame: the last {@code "id":"..."} (a result's own fields come before it). */
    static Optional<String> id(String text) {
        int start = text.lastIndexOf("\"id\":\"");
        if (start < 0) {
            return Optional.empty();
        }
        start += 6;
        return Optional.of(text.substring(start, text.indexOf('"', start)));
    }
}
