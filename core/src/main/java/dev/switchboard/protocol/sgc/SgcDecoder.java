package dev.switchboard.protocol.sgc;

import static dev.switchboard.json.JsonStrings.quote;
import static dev.switchboard.protocol.sgc.SgcWire.B64_PREFIX;
import static dev.switchboard.protocol.sgc.SgcWire.JSONRPC_VERSION;

import dev.switchboard.api.RpcException;
import dev.switchboard.protocol.sgc.SgcMessage.Kind;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the frames sgc clients send: JSON-RPC 2.0 envelopes, read leniently where real sgc clients are loose (see
 * {@link #parse}).
 */
final class SgcDecoder {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private SgcDecoder() {}

    /**
     * Decodes one inbound frame.
     *
     * <p>Leniency, for the clients that exist: {@code params.message} may be any JSON value (the 2021 JS sends
     * objects raw) and becomes its JSON text; {@code params} may be a string holding JSON, including the
     * unescaped string the 2021 JS {@code rpc()} concatenates (repaired when that is the only problem);
     * {@code qos} may sit in {@code params} or at the top; an empty id counts as no id; a message text starting
     * with {@code sgc@b64:} is decoded. Not lenient: {@code jsonrpc} must be {@code "2.0"}.
     *
     * @param text the frame
     * @return the message
     * @throws MalformedMessage with -32700 for text that is not JSON, -32600 for JSON that is not an sgc
     *                          envelope, -32602 for envelope fields with values of the wrong kind
     */
    static SgcMessage parse(String text) throws MalformedMessage {
        JsonValue root = read(text);
        if (root == null) {
            root = repairStringParams(text);
            if (root == null) {
                throw new MalformedMessage(
                        RpcException.PARSE_ERROR, "Parse error", "the message is not valid JSON", null);
            }
        }
        if (!(root instanceof JsonObject object)) {
            throw new MalformedMessage(
                    RpcException.INVALID_REQUEST,
                    "Invalid Request",
                    "a message must be one JSON object (batches are not supported)",
                    null);
        }
        WireId id = id(object);
        if (!(object.get("jsonrpc") instanceof JsonString version) || !JSONRPC_VERSION.equals(version.getString())) {
            throw new MalformedMessage(RpcException.INVALID_REQUEST, "Invalid Request", "jsonrpc must be \"2.0\"", id);
        }
        QosLevel topQos = qos(object.get("qos"), QosLevel.LEVEL0, id);
        if (object.containsKey("result")) {
            if (object.get("result") instanceof JsonObject result) {
                return new SgcMessage(
                        Kind.RESULT,
                        optionalString(result, "method", id),
                        id,
                        null,
                        channel(result, id),
                        message(result, id),
                        qos(result.get("qos"), topQos, id),
                        QueueLevel.LEVEL0,
                        text);
            }
            return new SgcMessage(Kind.RESULT, null, id, null, null, null, topQos, QueueLevel.LEVEL0, text);
        }
        if (object.containsKey("error")) {
            return new SgcMessage(Kind.ERROR, null, id, null, null, null, topQos, QueueLevel.LEVEL0, text);
        }
        if (!object.containsKey("method")) {
            throw new MalformedMessage(
                    RpcException.INVALID_REQUEST,
                    "Invalid Request",
                    "a message needs a method, a result or an error",
                    id);
        }
        if (!(object.get("method") instanceof JsonString method)
                || method.getString().isEmpty()) {
            throw new MalformedMessage(
                    RpcException.INVALID_REQUEST, "Invalid Request", "method must be a non-empty string", id);
        }
        JsonValue params = object.get("params");
        JsonObject fields = fields(params);
        return new SgcMessage(
                Kind.REQUEST,
                method.getString(),
                id,
                params,
                channel(fields, id),
                message(fields, id),
                qos(fields.get("qos"), topQos, id),
                queue(fields.get("queue"), id),
                text);
    }

    /** The JSON value of a text, or null when it is not exactly one JSON value (trailing text included). */
    static JsonValue read(String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                return null;
            }
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? null : value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            return null;
        }
    }

    /**
     * Repairs the frame of the 2021 JS {@code rpc(id, method, params)}, which writes {@code "params":"<text>"}
     * without escaping the text, so {@code JSON.stringify} output breaks the frame. The text between
     * {@code "params":"} and a closing quote (before the next known key, nearest first, or before the final brace)
     * is re-quoted; the first cut that makes the frame valid JSON with a method is used.
     */
    private static JsonValue repairStringParams(String text) {
        String marker = "\"params\":\"";
        int start = text.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        List<Integer> ends = new ArrayList<>();
        for (String next : new String[] {"\",\"id\":", "\",\"qos\":", "\",\"jsonrpc\":", "\",\"method\":"}) {
            int at = text.indexOf(next, start);
            if (at >= 0) {
                ends.add(at);
            }
        }
        ends.sort(null);
        String trimmed = text.stripTrailing();
        if (trimmed.endsWith("\"}") && trimmed.length() - 2 >= start) {
            ends.add(trimmed.length() - 2);
        }
        for (int end : ends) {
            String repaired =
                    text.substring(0, start - 1) + quote(text.substring(start, end)) + text.substring(end + 1);
            JsonValue value = read(repaired);
            if (value instanceof JsonObject object && object.containsKey("method")) {
                return value;
            }
        }
        return null;
    }

    private static WireId id(JsonObject object) throws MalformedMessage {
        JsonValue id = object.get("id");
        if (id == null || id.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (id instanceof JsonString string) {
            return string.getString().isEmpty() ? null : new WireId(string.getString(), quote(string.getString()));
        }
        if (id instanceof JsonNumber number) {
            return new WireId(number.toString(), number.toString());
        }
        throw new MalformedMessage(
                RpcException.INVALID_REQUEST, "Invalid Request", "id must be a string or a number", null);
    }

    /** The object holding a request's sgc fields: the params object, or a params string that holds one. */
    static JsonObject fields(JsonValue params) {
        if (params instanceof JsonObject object) {
            return object;
        }
        if (params instanceof JsonString string && read(string.getString()) instanceof JsonObject object) {
            return object;
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String optionalString(JsonObject object, String key, WireId id) throws MalformedMessage {
        JsonValue value = object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new MalformedMessage(RpcException.INVALID_PARAMS, "Invalid params", key + " must be a string", id);
    }

    private static String channel(JsonObject object, WireId id) throws MalformedMessage {
        if (object.get("channel") instanceof JsonNumber number) {
            return number.toString();
        }
        return optionalString(object, "channel", id);
    }

    private static String message(JsonObject object, WireId id) throws MalformedMessage {
        JsonValue value = object.get("message");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return decodeB64(string.getString(), id);
        }
        return value.toString();
    }

    /**
     * Decodes an {@code sgc@b64:} text; any other text is returned as is.
     *
     * @throws MalformedMessage -32602 when the Base64 or the UTF-8 inside it is invalid
     */
    static String decodeB64(String text, WireId id) throws MalformedMessage {
        if (!text.startsWith(B64_PREFIX)) {
            return text;
        }
        try {
            byte[] bytes = Base64.getDecoder()
                    .decode(text.substring(B64_PREFIX.length()).strip());
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new MalformedMessage(
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "message starts with sgc@b64: but is not Base64-encoded UTF-8",
                    id);
        }
    }

    private static QosLevel qos(JsonValue value, QosLevel absent, WireId id) throws MalformedMessage {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return absent;
        }
        if (value instanceof JsonString string) {
            var level = QosLevel.fromWire(string.getString());
            if (level.isPresent()) {
                return level.get();
            }
        }
        throw new MalformedMessage(
                RpcException.INVALID_PARAMS, "Invalid params", "qos must be qosLevel0, qosLevel1 or qosLevel2", id);
    }

    private static QueueLevel queue(JsonValue value, WireId id) throws MalformedMessage {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return QueueLevel.LEVEL0;
        }
        if (value instanceof JsonString string) {
            var level = QueueLevel.fromWire(string.getString());
            if (level.isPresent()) {
                return level.get();
            }
        }
        throw new MalformedMessage(
                RpcException.INVALID_PARAMS,
                "Invalid params",
                "queue must be queueLevel0, queueLevel1 or queueLevel2",
                id);
    }
}
