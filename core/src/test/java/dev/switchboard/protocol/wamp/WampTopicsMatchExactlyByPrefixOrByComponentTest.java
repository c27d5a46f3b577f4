package dev.switchboard.protocol.wamp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * WAMP subscriptions match channels exactly, by prefix, or component by component with empty components as
 * wildcards; MessagePack messages turn into the router's JSON values and back, binary values as NUL-prefixed Base64.
 */
class WampTopicsMatchExactlyByPrefixOrByComponentTest {

    @Test
    void exactAndPrefixMatches() {
        assertThat(WampTopicFilter.matches("exact", "com.a.b", "com.a.b")).isTrue();
        assertThat(WampTopicFilter.matches("exact", "com.a.b", "com.a.bc")).isFalse();
        assertThat(WampTopicFilter.matches("prefix", "com.a", "com.a.b")).isTrue();
        assertThat(WampTopicFilter.matches("prefix", "com.a", "com.ab")).isTrue();
        assertThat(WampTopicFilter.matches("prefix", "com.a.", "org.a.b")).isFalse();
    }

    @Test
    void wildcardComponentsMatchOneNonEmptyComponentAndTheCountMustAgree() {
        assertThat(WampTopicFilter.matches("wildcard", "com..b", "com.x.b")).isTrue();
        assertThat(WampTopicFilter.matches("wildcard", "com..b", "com.x.y.b")).isFalse();
        assertThat(WampTopicFilter.matches("wildcard", "com..b", "com..b")).isFalse();
        assertThat(WampTopicFilter.matches("wildcard", "..", "a.b.c")).isTrue();
        assertThat(WampTopicFilter.matches("wildcard", "..", "a.b")).isFalse();
        assertThat(WampTopicFilter.matches("wildcard", "a.b", "a.b")).isTrue();
        assertThat(WampTopicFilter.matches("wildcard", "a.", "a.b.c")).isFalse();
        assertThat(new WampTopicFilter("wildcard", "a..c").key()).isEqualTo("wamp:wildcard:a..c");
    }

    @Test
    void messagePackRoundTripsThroughJsonValuesWithBinaryAsNulPrefixedBase64() throws Exception {
        // [16, 1, {}, "t", [bin(0x00 0xff), 1.5, -3, nil, true]]
        byte[] bytes = {
            (byte) 0x95,
            0x10,
            0x01,
            (byte) 0x80,
            (byte) 0xa1,
            't',
            (byte) 0x95,
            (byte) 0xc4,
            0x02,
            0x00,
            (byte) 0xff,
            (byte) 0xcb,
            0x3f,
            (byte) 0xf8,
            0,
            0,
            0,
            0,
            0,
            0,
            (byte) 0xfd,
            (byte) 0xc0,
            (byte) 0xc3
        };
        JsonArray message = (JsonArray) WampMsgpack.decode(ByteBuffer.wrap(bytes));
        JsonArray args = message.getJsonArray(4);
        assertThat(((JsonString) args.get(0)).getString()).isEqualTo("\0AP8=");
        assertThat(args.getJsonNumber(1).doubleValue()).isEqualTo(1.5);
        assertThat(args.getInt(2)).isEqualTo(-3);
        assertThat(args.get(3)).isEqualTo(JsonValue.NULL);
        assertThat(args.get(4)).isEqualTo(JsonValue.TRUE);
        ByteBuffer encoded = WampMsgpack.encode(message);
        byte[] again = new byte[encoded.remaining()];
        encoded.get(again);
        assertThat(again).isEqualTo(bytes);
    }

    @Test
    void nestingBeyondTheBoundIsRefused() {
        byte[] deep = new byte[WampMsgpack.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x91);
        deep[deep.length - 1] = 0x01;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WampMsgpack.decode(ByteBuffer.wrap(deep)))
                .isInstanceOf(WampProtocolException.class);
    }
}
