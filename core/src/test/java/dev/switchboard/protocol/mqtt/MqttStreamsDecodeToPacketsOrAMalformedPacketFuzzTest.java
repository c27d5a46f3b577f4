package dev.switchboard.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Any byte stream, cut into WebSocket messages anywhere, decodes into MQTT packets or stops with
 * {@link MalformedPacketException}; the decoder never holds more than one packet's worth of bytes (the configured
 * maximum packet size, or the five bytes of a fixed header still being read), so a large declared length is
 * refused before its body arrives.
 */
class MqttStreamsDecodeToPacketsOrAMalformedPacketFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void stream(FuzzedDataProvider data) {
        int maxPacketSize = data.consumeInt(16, 4096);
        int[] cuts = {data.consumeInt(1, 64), data.consumeInt(1, 64), data.consumeInt(1, 4096)};
        byte[] bytes = data.consumeRemainingAsBytes();
        MqttCodec.Decoder decoder = new MqttCodec.Decoder(maxPacketSize);
        int at = 0;
        int piece = 0;
        try {
            while (at < bytes.length) {
                int size = Math.min(cuts[piece++ % cuts.length], bytes.length - at);
                for (MqttPacket packet : decoder.feed(ByteBuffer.wrap(bytes, at, size))) {
                    assertThat(packet).isNotNull();
                }
                at += size;
                assertThat(decoder.pending()).isLessThanOrEqualTo(Math.max(maxPacketSize, 5));
            }
        } catch (MalformedPacketException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void packet(FuzzedDataProvider data) {
        int level = data.pickValue(new int[] {0, 3, 4, 5});
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            assertThat(MqttCodec.decode(ByteBuffer.wrap(bytes), level)).isNotNull();
        } catch (MalformedPacketException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
