package dev.switchboard.protocol.broker;

import dev.switchboard.json.JsonStrings;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The frames of the broker protocol: text envelopes (a flat JSON object of string members) and binary frames with a
 * length-prefixed protocol token. See the package documentation for the wire format.
 */
final class BrokerEnvelope {

    /** The {@code broker} member's values. */
    enum Kind {
        OPEN("open"),
        OPENED("opened"),
        CLOSE("close"),
        CLOSED("closed"),
        MESSAGE("message"),
        ERROR("error");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Optional<Kind> of(String wire) {
            for (Kind kind : values()) {
                if (kind.wire.equals(wire)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** Longest protocol token a frame may name; binary frames give its length in one byte. */
    static final int MAX_TOKEN_LENGTH = 255;

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    /**
     * A decoded client text envelope.
     *
     * @param kind     what the client asks
     * @param protocol the inner protocol's token
     * @param data     the inner text frame of a {@code message}, else empty
     */
    record Request(Kind kind, String protocol, String data) {}

    /** A client frame that is not a valid envelope; the message is safe to show to the client. */
    static final class MalformedEnvelope extends Exception {
        private static final long serialVersionUID = 1L;

        /** The protocol the frame named, when it got that far; the error frame names it too. */
        final String protocol;

        MalformedEnvelope(String message, String protocol) {
            super(message, null, false, false);
            this.protocol = protocol;
        }
    }

    /**
     * A decoded client binary frame.
     *
     * @param protocol the inner protocol's token
     * @param payload  the inner binary frame
     */
    record Binary(String protocol, ByteBuffer payload) {}

    private BrokerEnvelope() {}

    /**
     * Decodes a client text frame: one JSON object whose members are all strings, each at most once. One pass over
     * the text, no nesting accepted.
     */
    static Request decode(String text) throws MalformedEnvelope {
        String kind = null;
        String protocol = null;
        String data = null;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedEnvelope("a broker frame is a JSON object", null);
            }
            while (true) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    break;
                }
                if (event != JsonParser.Event.KEY_NAME) {
                    throw new MalformedEnvelope("a broker frame is a JSON object", protocol);
                }
                String key = parser.getString();
                if (parser.next() != JsonParser.Event.VALUE_STRING) {
                    throw new MalformedEnvelope("member " + shown(key) + " must be a string", protocol);
                }
                String value = parser.getString();
                switch (key) {
                    case "broker" -> kind = once(kind, value, key, protocol);
                    case "protocol" -> protocol = once(protocol, value, key, protocol);
                    case "data" -> data = once(data, value, key, protocol);
                    default -> throw new MalformedEnvelope("unknown member " + shown(key), protocol);
                }
            }
            if (parser.hasNext()) {
                throw new MalformedEnvelope("text after the broker frame's object", protocol);
            }
        } catch (JsonException | java.util.NoSuchElementException e) {
            throw new MalformedEnvelope("a broker frame is a JSON object", protocol);
        }
        if (kind == null) {
            throw new MalformedEnvelope("member \"broker\" is missing", protocol);
        }
        Kind parsed = Kind.of(kind)
                .filter(k -> k == Kind.OPEN || k == Kind.CLOSE || k == Kind.MESSAGE)
                .orElseThrow(
                        () -> new MalformedEnvelope("\"broker\" must be \"open\", \"close\" or \"message\"", null));
        if (protocol == null || protocol.isEmpty()) {
            throw new MalformedEnvelope("member \"protocol\" is missing", null);
        }
        if (protocol.length() > MAX_TOKEN_LENGTH) {
            throw new MalformedEnvelope("the protocol token is longer than " + MAX_TOKEN_LENGTH, null);
        }
        if (parsed == Kind.MESSAGE && data == null) {
            throw new MalformedEnvelope("member \"data\" is missing", protocol);
        }
        if (parsed != Kind.MESSAGE && data != null) {
            throw new MalformedEnvelope("only a message carries \"data\"", protocol);
        }
        return new Request(parsed, protocol, data == null ? "" : data);
    }

    private static String once(String current, String value, String key, String protocol) throws MalformedEnvelope {
        if (current != null) {
            throw new MalformedEnvelope("member \"" + key + "\" repeated", protocol);
        }
        return value;
    }

    /** A client-supplied name for an error message: short and printable. */
    static String shown(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 40) + 2).append('"');
        for (int i = 0; i < name.length() && i < 40; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.append(name.length() > 40 ? "...\"" : "\"").toString();
    }

    /** Decodes a client binary frame: one byte N (1 to 255), N bytes of US-ASCII token, then the payload. */
    static Binary decodeBinary(ByteBuffer frame) throws MalformedEnvelope {
        if (!frame.hasRemaining()) {
            throw new MalformedEnvelope("an empty binary frame names no protocol", null);
        }
        int length = frame.get() & 0xff;
        if (length == 0 || frame.remaining() < length) {
            throw new MalformedEnvelope("a binary frame starts with the length and token of its protocol", null);
        }
        byte[] token = new byte[length];
        frame.get(token);
        for (byte b : token) {
            if (b <= 0x20 || b >= 0x7f) {
                throw new MalformedEnvelope("a protocol token is printable US-ASCII", null);
            }
        }
        return new Binary(new String(token, StandardCharsets.US_ASCII), frame.slice());
    }

    /** The text envelope of an inner protocol's text frame. */
    static String message(String protocol, String data) {
        StringBuilder out = new StringBuilder(data.length() + protocol.length() + 48);
        out.append("{\"broker\":\"message\",\"protocol\":");
        JsonStrings.appendQuoted(out, protocol).append(",\"data\":");
        return JsonStrings.appendQuoted(out, data).append('}').toString();
    }

    /** The binary frame of an inner protocol's binary frame. */
    static ByteBuffer binary(String protocol, ByteBuffer data) {
        byte[] token = protocol.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(1 + token.length + data.remaining());
        out.put((byte) token.length).put(token).put(data.duplicate());
        return out.flip();
    }

    /** Tells the client an inner protocol is open. */
    static String opened(String protocol) {
        return "{\"broker\":\"opened\",\"protocol\":" + JsonStrings.quote(protocol) + "}";
    }

    /** Tells the client an inner protocol closed. */
    static String closed(String protocol, int code, String reason) {
        return "{\"broker\":\"closed\",\"protocol\":" + JsonStrings.quote(protocol) + ",\"code\":" + code
                + ",\"reason\":" + JsonStrings.quote(reason == null ? "" : reason) + "}";
    }

    /** Tells the client a frame was refused; {@code protocol} may be null. */
    static String error(String protocol, String message) {
        StringBuilder out = new StringBuilder(message.length() + 64).append("{\"broker\":\"error\"");
        if (protocol != null) {
            JsonStrings.appendQuoted(out.append(",\"protocol\":"), protocol);
        }
        return JsonStrings.appendQuoted(out.append(",\"message\":"), message)
                .append('}')
                .toString();
    }

    /** Tells whether a token may be sent back in an error frame as it is (printable, bounded). */
    static boolean printableToken(String protocol) {
        if (protocol.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < protocol.length(); i++) {
            char c = protocol.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
