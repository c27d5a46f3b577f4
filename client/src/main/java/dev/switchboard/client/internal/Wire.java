package dev.switchboard.client.internal;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;

/**
 * The sgc wire (docs/sgc-protocol.md): every frame is built as a JSON-P object and serialised, never concatenated,
 * so any text in a channel, a message or params is escaped; frames are read leniently as the server writes them.
 */
public final class Wire {

    public static final String SUBSCRIBE = "sgc@subscribe";
    public static final String UNSUBSCRIBE = "sgc@unsubscribe";
    public static final String RESUME = "sgc@resume";
    public static final String PUBLISH = "sgc@publish";
    public static final String EVENT = "sgc@event";
    public static final String BROADCAST = "sgc@broadcast";
    public static final String MESSAGE = "sgc@message";
    public static final String SESSION = "sgc@session";
    public static final String ACK = "sgc@acknowledgment";
    public static final String PUBREC = "sgc@pubrec";
    public static final String PUBREL = "sgc@pubrel";
    public static final String TRANSACTION = "sgc@transaction";
    public static final String COMMIT = "sgc@commit";
    public static final String ROLLBACK = "sgc@rollback";
    public static final String GAP = "sgc@gap";
    public static final String DRAIN = "sgc@drain";
    public static final String EXPIRING = "sgc@expiring";
    public static final String REFRESH = "sgc@refresh";
    public static final String QOS_SESSION = "sgc@qos-session";

    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private Wire() {}

    /** A request {@code {"jsonrpc":"2.0","method":M,"params":P,"qos":Q,"id":ID}}; null parts are left out. */
    public static String request(String method, JsonValue params, String qos, String id) {
        JsonObjectBuilder frame =
                BUILDERS.createObjectBuilder().add("jsonrpc", "2.0").add("method", method);
        if (params != null) {
            frame.add("params", params);
        }
        if (qos != null) {
            frame.add("qos", qos);
        }
        if (id != null) {
            frame.add("id", id);
        }
        return frame.build().toString();
    }

    /** A result-form control message, as the client acknowledges and answers QoS 2: {@code result.method} and id. */
    public static String control(String method, JsonValue id) {
        return BUILDERS.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("result", BUILDERS.createObjectBuilder().add("method", method))
                .add("id", id)
                .build()
                .toString();
    }

    /** A params object builder. */
    public static JsonObjectBuilder params() {
        return BUILDERS.createObjectBuilder();
    }

    /** Parses a frame; empty when the text is not a JSON object (the server's raw {@code sgc@protocol} answer). */
    public static Optional<JsonObject> parse(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (jakarta.json.JsonException notJson) {
            return Optional.empty();
        }
    }

    /** Parses any JSON value (an RPC's params given as text). */
    public static JsonValue parseValue(String json) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** A member as text: a string as is, a number or other value as its JSON text, absent or null as {@code null}. */
    public static String text(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    /** A member as text, {@code ""} when absent. */
    public static String textOrEmpty(JsonObject object, String name) {
        String text = text(object, name);
        return text == null ? "" : text;
    }

    /** A whole-number member, or {@code fallback}. */
    public static long number(JsonObject object, String name, long fallback) {
        return object.get(name) instanceof JsonNumber number && number.isIntegral() ? number.longValue() : fallback;
    }

    /** The frame's id as its JSON value, or {@code null} without a usable one (absent, null or empty). */
    public static JsonValue id(JsonObject frame) {
        JsonValue id = frame.get("id");
        if (id == null || id.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (id instanceof JsonString string && string.getString().isEmpty()) {
            return null;
        }
        return id;
    }

    /** The id's text, as the client keys what it waits for. */
    public static String idKey(JsonValue id) {
        return id instanceof JsonString string ? string.getString() : id.toString();
    }

    /** A JSON string value. */
    public static JsonValue string(String text) {
        return Json.createValue(text);
    }
}
