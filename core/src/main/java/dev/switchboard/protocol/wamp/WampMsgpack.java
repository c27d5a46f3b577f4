package dev.switchboard.protocol.wamp;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * The {@code wamp.2.msgpack} serialization, as a translation to and from the JSON values the router works on. Binary
 * values become strings of a NUL followed by their Base64 text, the WAMP JSON serialization's own convention, and go
 * back to binary on the way out. Extension types are refused. Decoding walks the bytes once and refuses nesting
 * deeper than {@link #MAX_DEPTH}; every length is bounded by the bytes the message holds.
 */
final class WampMsgpack {

    /** The deepest nesting of arrays and maps a message may have. */
    static final int MAX_DEPTH = 32;

    private WampMsgpack() {}

    /**
     * Decodes one message.
     *
     * @param message the bytes of one binary WebSocket message
     * @return the value
     * @throws WampProtocolException when the bytes are no single MessagePack value the router takes
     */
    static JsonValue decode(ByteBuffer message) throws WampProtocolException {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            JsonValue value = read(unpacker, 0, bytes.length);
            if (unpacker.hasNext()) {
                throw new WampProtocolException("a message holds one MessagePack value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new WampProtocolException("the message is not valid MessagePack");
        }
    }

    private static JsonValue read(MessageUnpacker in, int depth, int limit) throws IOException, WampProtocolException {
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                in.unpackNil();
                return JsonValue.NULL;
            }
            case BOOLEAN -> {
                return in.unpackBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    return Json.createValue(in.unpackBigInteger());
                }
                return Json.createValue(in.unpackLong());
            }
            case FLOAT -> {
                return Json.createValue(in.unpackDouble());
            }
            case STRING -> {
                return Json.createValue(in.unpackString());
            }
            case BINARY -> {
                int length = in.unpackBinaryHeader();
                if (length < 0 || length > limit) {
                    throw new WampProtocolException("a binary value is longer than the message");
                }
                return Json.createValue("\0" + Base64.getEncoder().encodeToString(in.readPayload(length)));
            }
            case ARRAY -> {
                int size = in.unpackArrayHeader();
                if (depth >= MAX_DEPTH || size < 0 || size > limit) {
                    throw new WampProtocolException("an array is nested too deep or longer than the message");
                }
                JsonArrayBuilder array = Json.createArrayBuilder();
                for (int i = 0; i < size; i++) {
                    array.add(read(in, depth + 1, limit));
                }
                return array.build();
            }
            case MAP -> {
                int size = in.unpackMapHeader();
                if (depth >= MAX_DEPTH || size < 0 || size > limit) {
                    throw new WampProtocolException("a map is nested too deep or longer than the message");
                }
                JsonObjectBuilder object = Json.createObjectBuilder();
                for (int i = 0; i < size; i++) {
                    if (in.getNextFormat().getValueType() != org.msgpack.value.ValueType.STRING) {
                        throw new WampProtocolException("map keys must be strings");
                    }
                    String key = in.unpackString();
                    object.add(key, read(in, depth + 1, limit));
                }
                return object.build();
            }
            default -> throw new WampProtocolException("MessagePack extension types are not taken");
        }
    }

    /**
     * Encodes one message.
     *
     * @param message the message
     * @return its MessagePack bytes
     */
    static ByteBuffer encode(JsonValue message) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(out, message);
            return ByteBuffer.wrap(out.toByteArray());
        } catch (IOException e) {
            // A buffer packer writes to memory and does not fail on I/O.
            throw new IllegalStateException(e);
        }
    }

    private static void write(MessagePacker out, JsonValue value) throws IOException {
        switch (value.getValueType()) {
            case NULL -> out.packNil();
            case TRUE -> out.packBoolean(true);
            case FALSE -> out.packBoolean(false);
            case NUMBER -> {
                JsonNumber number = (JsonNumber) value;
                if (number.isIntegral()) {
                    BigInteger integer = number.bigIntegerValue();
                    if (integer.bitLength() < 64) {
                        out.packLong(integer.longValue());
                    } else {
                        out.packBigInteger(integer);
                    }
                } else {
                    out.packDouble(number.doubleValue());
                }
            }
            case STRING -> {
                String text = ((JsonString) value).getString();
                byte[] binary = text.startsWith("\0") ? base64(text.substring(1)) : null;
                if (binary != null) {
                    out.packBinaryHeader(binary.length);
                    out.writePayload(binary);
                } else {
                    out.packString(text);
                }
            }
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                out.packArrayHeader(array.size());
                for (JsonValue element : array) {
                    write(out, element);
                }
            }
            case OBJECT -> {
                JsonObject object = (JsonObject) value;
                out.packMapHeader(object.size());
                for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                    out.packString(entry.getKey());
                    write(out, entry.getValue());
                }
            }
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
