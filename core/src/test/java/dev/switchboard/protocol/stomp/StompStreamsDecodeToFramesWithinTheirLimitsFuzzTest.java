package dev.switchboard.protocol.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Any byte stream, cut into WebSocket messages anywhere and read under any negotiated version, decodes into STOMP
 * frames and heart-beats or stops with {@link StompProtocolException}; every frame returned respects the decoder's
 * limits on headers and frame bytes, and a 1.1 or 1.2 header value unescapes (and escaping gives it back, a CR as a space in 1.1) or is
 * refused.
 */
class StompStreamsDecodeToFramesWithinTheirLimitsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void stream(FuzzedDataProvider data) {
        StompFrameCodec.Limits limits =
                new StompFrameCodec.Limits(data.consumeInt(16, 8192), data.consumeInt(1, 32), data.consumeInt(8, 1024));
        StompVersion version = data.pickValue(StompVersion.values());
        int[] cuts = {data.consumeInt(1, 64), data.consumeInt(1, 64), data.consumeInt(1, 4096)};
        byte[] bytes = data.consumeRemainingAsBytes();
        StompFrameCodec.Decoder decoder = new StompFrameCodec.Decoder(limits);
        decoder.version(version);
        int at = 0;
        int piece = 0;
        try {
            while (at < bytes.length) {
                int size = Math.min(cuts[piece++ % cuts.length], bytes.length - at);
                StompFrameCodec.Decoded decoded = decoder.decode(ByteBuffer.wrap(bytes, at, size));
                assertThat(decoded.heartbeats()).isNotNegative();
                for (StompFrame frame : decoded.frames()) {
                    assertThat(frame.command()).isNotEmpty();
                    assertThat(frame.headers()).hasSizeLessThanOrEqualTo(limits.maxHeaders());
                    assertThat(frame.body().length).isLessThanOrEqualTo(limits.maxFrameBytes());
                }
                at += size;
            }
        } catch (StompProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void headerValue(FuzzedDataProvider data) {
        // Only 1.1 and 1.2 frames have escapes.
        StompVersion version = data.consumeBoolean() ? StompVersion.V1_1 : StompVersion.V1_2;
        String text = data.consumeRemainingAsString();
        try {
            String unescaped = StompFrameCodec.unescape(text, version);
            // 1.1 has no escape for CR, so the server sends a space for it.
            String sendable = version == StompVersion.V1_2 ? unescaped : unescaped.replace('\r', ' ');
            assertThat(StompFrameCodec.unescape(StompFrameCodec.escape(unescaped, version), version))
                    .isEqualTo(sendable);
        } catch (StompProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
