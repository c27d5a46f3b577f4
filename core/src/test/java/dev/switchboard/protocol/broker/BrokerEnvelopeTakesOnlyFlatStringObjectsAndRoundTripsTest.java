package dev.switchboard.protocol.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker envelope: a client text frame is one flat JSON object of string members, each once, naming what it wants
 * and which protocol; anything else is refused with a message; what the server wraps reads back as what was wrapped,
 * text and bytes alike.
 */
class BrokerEnvelopeTakesOnlyFlatStringObjectsAndRoundTripsTest {

    @Test
    void openCloseAndMessageAreRead() throws Exception {
        assertThat(BrokerEnvelope.decode("{\"broker\":\"open\",\"protocol\":\"esegece.com\"}"))
                .isEqualTo(new BrokerEnvelope.Request(BrokerEnvelope.Kind.OPEN, "esegece.com", ""));
        assertThat(BrokerEnvelope.decode(" {\"protocol\":\"v12.stomp\" , \"broker\":\"close\"} "))
                .isEqualTo(new BrokerEnvelope.Request(BrokerEnvelope.Kind.CLOSE, "v12.stomp", ""));
        assertThat(BrokerEnvelope.decode(
                        "{\"broker\":\"message\",\"protocol\":\"v12.stomp\",\"data\":\"SEND\\n\\n\\u0066\\u0000\"}"))
                .isEqualTo(new BrokerEnvelope.Request(BrokerEnvelope.Kind.MESSAGE, "v12.stomp", "SEND\n\nf\0"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[]",
                "\"open\"",
                "{",
                "{\"broker\":\"open\"",
                "{\"broker\":\"open\",\"protocol\":\"x\"} {}",
                "{\"broker\":\"open\",\"protocol\":\"x\",\"extra\":\"y\"}",
                "{\"broker\":\"open\",\"protocol\":1}",
                "{\"broker\":\"open\",\"protocol\":null}",
                "{\"broker\":\"open\",\"protocol\":[\"x\"]}",
                "{\"broker\":\"open\",\"protocol\":{\"x\":\"y\"}}",
                "{\"broker\":\"open\",\"protocol\":\"a\",\"protocol\":\"b\"}",
                "{\"broker\":\"opened\",\"protocol\":\"x\"}",
                "{\"broker\":\"error\",\"protocol\":\"x\"}",
                "{\"protocol\":\"x\"}",
                "{\"broker\":\"open\"}",
                "{\"broker\":\"open\",\"protocol\":\"\"}",
                "{\"broker\":\"message\",\"protocol\":\"x\"}",
                "{\"broker\":\"open\",\"protocol\":\"x\",\"data\":\"y\"}",
            })
    void anythingElseIsRefusedWithAMessage(String frame) {
        assertThatThrownBy(() -> BrokerEnvelope.decode(frame))
                .isInstanceOf(BrokerEnvelope.MalformedEnvelope.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aProtocolTokenLongerThanTheBinaryPrefixAllowsIsRefused() {
        String token = "p".repeat(BrokerEnvelope.MAX_TOKEN_LENGTH + 1);
        assertThatThrownBy(() -> BrokerEnvelope.decode("{\"broker\":\"open\",\"protocol\":\"" + token + "\"}"))
                .isInstanceOf(BrokerEnvelope.MalformedEnvelope.class)
                .hasMessageContaining("longer than 255");
    }

    @Test
    void aWrappedTextReadsBackAsItWasWhateverItHolds() throws Exception {
        String inner = "{\"jsonrpc\":\"2.0\",\"q\":\"\\\"\\\\\"}\n\0\u2028é😀";
        String wrapped = BrokerEnvelope.message("esegece.com", inner);
        JsonObject parsed = Json.createReader(new StringReader(wrapped)).readObject();
        assertThat(parsed.getString("broker")).isEqualTo("message");
        assertThat(parsed.getString("protocol")).isEqualTo("esegece.com");
        assertThat(parsed.getString("data")).isEqualTo(inner);
    }

    @Test
    void serverFramesAreJson() {
        JsonObject closed = Json.createReader(new StringReader(BrokerEnvelope.closed("v12.stomp", 1000, "bye \"now\"")))
                .readObject();
        assertThat(closed.getInt("code")).isEqualTo(1000);
        assertThat(closed.getString("reason")).isEqualTo("bye \"now\"");
        JsonObject error = Json.createReader(new StringReader(BrokerEnvelope.error(null, "bad")))
                .readObject();
        assertThat(error.containsKey("protocol")).isFalse();
        assertThat(error.getString("message")).isEqualTo("bad");
    }

    @Test
    void aBinaryFrameNamesItsProtocolInALengthPrefix() throws Exception {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 7});
        ByteBuffer framed = BrokerEnvelope.binary("mqtt", payload);
        assertThat(framed.get(0)).isEqualTo((byte) 4);
        assertThat(payload.remaining())
                .as("the caller's buffer is left as it was")
                .isEqualTo(3);

        BrokerEnvelope.Binary read = BrokerEnvelope.decodeBinary(framed);
        assertThat(read.protocol()).isEqualTo("mqtt");
        byte[] bytes = new byte[read.payload().remaining()];
        read.payload().get(bytes);
        assertThat(bytes).containsExactly(0, (byte) 0xff, 7);
    }

    @Test
    void aBinaryFrameWithoutAValidPrefixIsRefused() {
        for (byte[] frame : new byte[][] {
            {}, {0, 'x'}, {5, 'a', 'b'}, {2, 'a', ' '}, {1, (byte) 0xc3},
        }) {
            assertThatThrownBy(() -> BrokerEnvelope.decodeBinary(ByteBuffer.wrap(frame)))
                    .isInstanceOf(BrokerEnvelope.MalformedEnvelope.class);
        }
    }
}
