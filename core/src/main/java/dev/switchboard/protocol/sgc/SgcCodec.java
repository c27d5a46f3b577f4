package dev.switchboard.protocol.sgc;

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
 * Reads and writes the sgc wire format: JSON-RPC 2.0 envelopes whose server pushes carry the method inside
 * {@code result}. Reading is lenient where real sgc clients are loose (see {@link #parse}); writing is exact
 * and always produces the same text for the same input, field order included, so it can be tested byte for byte.
 */
final class SgcCodec {

    static final String JSONRPC_VERSION = "2.0";
    /** Prefix of a Base64-encoded message text: {@code "sgc@b64:" + base64(utf8(text))}. */
    static final String B64_PREFIX = "sgc@b64:";

    static final String SESSION = "sgc@session";
    static final String ACKNOWLEDGMENT = "sgc@acknowledgment";
    static final String SUBSCRIBE = "sgc@subscribe";
    static final String UNSUBSCRIBE = "sgc@unsubscribe";
    static final String UNSUBSCRIBE_ALL = "sgc@unsubscribe_all";
    static final String PUBLISH = "sgc@publish";
    static final String EVENT = "sgc@event";
    static final String BROADCAST = "sgc@broadcast";
    static final String MESSAGE = "sgc@message";
    static final String PROTOCOL = "sgc@protocol";
    static final String TRANSACTION = "sgc@transaction";
    static final String COMMIT = "sgc@commit";
    static final String ROLLBACK = "sgc@rollback";
    static final String PUBREC = "sgc@pubrec";
    static final String PUBREL = "sgc@pubrel";
    /** Switchboard's extension: subscribe and replay the history missed since a position. */
    static final String RESUME = "sgc@resume";
    /** Switchboard's extension: the part of a channel's history a resuming client cannot be given. */
    static final String GAP = "sgc@gap";
    /** Switchboard extension: the client replaces its credential ({@code params.token} or {@code params.ticket}). */
    static final String REFRESH = "sgc@refresh";
    /** Switchboard extension: the server tells the client its credential expires soon. */
    static final String EXPIRING = "sgc@expiring";
    /** Prefix of every protocol method; application RPC methods may not use it. */
    static final String RESERVED_PREFIX = "sgc@";

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private SgcCodec() {}

    // ---- reading --------------------------------------------------------------------------------------

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

    // ---- writing --------------------------------------------------------------------------------------

    /** The session message: sent on connect and on {@code sgc@session}; its id is the connection GUID. */
    static String session(String guid, QosLevel qos) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@session\",\"message\":" + quote(guid) + "},\"qos\":\""
                + qos.wireName() + "\",\"id\":" + quote(guid) + "}";
    }

    /** An acknowledgment of the inbound message with this id. */
    static String acknowledgment(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":" + id.json() + "}";
    }

    /** The QoS 2 receipt: the message is stored and waits for {@code sgc@pubrel}. */
    static String pubrec(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@pubrec\"},\"id\":" + id.json() + "}";
    }

    /** The QoS 2 release the server sends when a client answered a tracked server message with a pubrec. */
    static String pubrel(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":" + id.json() + "}";
    }

    /** The reply to a subscription of one channel. */
    static String subscribed(String channel, WireId id) {
        return channelReply(SUBSCRIBE, channel, id);
    }

    /** The reply to an unsubscription of one channel. */
    static String unsubscribed(String channel, WireId id) {
        return channelReply(UNSUBSCRIBE, channel, id);
    }

    private static String channelReply(String method, String channel, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + method + "\",\"channel\":" + quote(channel) + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /** A channel publication as every sgc subscriber receives it. */
    static String event(String channel, String message) {
        return push(EVENT, channel, message);
    }

    /**
     * A channel publication with its history position: the event sgc clients read, plus {@code offset} and
     * {@code epoch} inside {@code result}, which they ignore and a resuming client keeps.
     */
    static String event(String channel, String message, String epoch, long offset) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + EVENT + "\",\"channel\":" + quote(channel)
                + ",\"message\":" + quote(message) + ",\"offset\":" + offset + ",\"epoch\":" + quote(epoch) + "}}";
    }

    /**
     * The reply to {@code sgc@resume}, sent after the replay: the channel's position the client is at from now on
     * ({@code ""} and 0 when the channel has no history).
     */
    static String resumed(String channel, String epoch, long offset, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + RESUME + "\",\"channel\":" + quote(channel)
                + ",\"offset\":" + offset + ",\"epoch\":" + quote(epoch) + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /**
     * The explicit gap notification of a resume: {@code reason} is {@code evicted} (offsets {@code from}..{@code to}
     * are lost), {@code epoch} (the history was lost since {@code previousEpoch}) or {@code unavailable}.
     */
    static String gap(String channel, String reason, String epoch, long from, long to, String previousEpoch) {
        StringBuilder out = new StringBuilder("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + GAP + "\",\"channel\":"
                + quote(channel) + ",\"reason\":" + quote(reason) + ",\"epoch\":" + quote(epoch));
        if (from > 0) {
            out.append(",\"from\":").append(from).append(",\"to\":").append(to);
        }
        if (!previousEpoch.isEmpty()) {
            out.append(",\"previousEpoch\":").append(quote(previousEpoch));
        }
        return out.append("}}").toString();
    }

    /** The reply to {@code sgc@refresh}: the user and the new expiry (absent when the credential does not expire). */
    static String refreshed(String user, java.util.Optional<java.time.Instant> expiresAt, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + REFRESH + "\",\"user\":" + quote(user)
                + expiresAt
                        .map(end -> ",\"expiresAt\":" + quote(end.toString()))
                        .orElse("") + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /** The warning that the connection's credential expires at {@code expiresAt} unless refreshed. */
    static String expiring(java.time.Instant expiresAt, long seconds) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + EXPIRING + "\",\"expiresAt\":"
                + quote(expiresAt.toString()) + ",\"seconds\":" + seconds + "}}";
    }

    /** A broadcast or a server-sent message ({@code sgc@message}, result form). */
    static String message(String channel, String message) {
        return push(MESSAGE, channel, message);
    }

    private static String push(String method, String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + method + "\",\"channel\":" + quote(channel)
                + ",\"message\":" + quote(message) + "}}";
    }

    /** An RPC result; {@code resultJson} is embedded as is and must be valid JSON. */
    static String result(String resultJson, QosLevel qos, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":" + resultJson + ",\"qos\":\"" + qos.wireName() + "\",\"id\":"
                + id.json() + "}";
    }

    /** A JSON-RPC error object; the id is {@code null} when the request had none or could not be read. */
    static String error(int code, String message, String data, QosLevel qos, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":" + quote(message)
                + (data == null ? "" : ",\"data\":" + quote(data)) + "},\"qos\":\"" + qos.wireName() + "\",\"id\":"
                + (id == null ? "null" : id.json()) + "}";
    }

    /**
     * Quotes a text as a JSON string (RFC 8259 section 7): quote, backslash and control characters escaped.
     *
     * @param text the text
     * @return the JSON string
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
