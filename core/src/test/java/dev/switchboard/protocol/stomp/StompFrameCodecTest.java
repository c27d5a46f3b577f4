package dev.switchboard.protocol.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame codec reads what STOMP clients write, per version, and refuses what breaks a limit. */
class StompFrameCodecTest {

    private static final StompFrameCodec.Limits LIMITS = new StompFrameCodec.Limits(1024, 8, 128);

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static StompFrameCodec.Decoder decoder(StompVersion version) {
        StompFrameCodec.Decoder decoder = new StompFrameCodec.Decoder(LIMITS);
        decoder.version(version);
        return decoder;
    }

    @Test
    void severalFramesAndHeartBeatEolsInOneMessageAreReadInOrder() throws Exception {
        StompFrameCodec.Decoded decoded = decoder(StompVersion.V1_2)
                .decode(bytes(
                        "\n\r\nSEND\ndestination:/topic/a\n\none\0\nSEND\r\ndestination:/topic/b\r\n\r\ntwo\0\n"));

        assertThat(decoded.frames()).extracting(StompFrame::text).containsExactly("one", "two");
        assertThat(decoded.frames())
                .extracting(f -> f.headers().get("destination"))
                .containsExactly("/topic/a", "/topic/b");
        assertThat(decoded.heartbeats()).isEqualTo(4);
    }

    @Test
    void aFrameSplitOverMessagesIsReadOnceComplete() throws Exception {
        StompFrameCodec.Decoder decoder = decoder(StompVersion.V1_2);

        assertThat(decoder.decode(bytes("SEND\ndesti")).frames()).isEmpty();
        assertThat(decoder.decode(bytes("nation:/topic/a\n\nhel")).frames()).isEmpty();
        List<StompFrame> frames = decoder.decode(bytes("lo\0")).frames();

        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.headers()).containsEntry("destination", "/topic/a");
            assertThat(f.text()).isEqualTo("hello");
        });
        assertThat(decoder.partial()).isFalse();
    }

    @Test
    void contentLengthBodiesMayHoldNulBytes() throws Exception {
        byte[] head = "SEND\ndestination:/queue/q\ncontent-length:5\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + 6];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(new byte[] {1, 0, 2, 0, 3, 0}, 0, frame, head.length, 6);

        List<StompFrame> frames =
                decoder(StompVersion.V1_2).decode(ByteBuffer.wrap(frame)).frames();

        assertThat(frames).singleElement().satisfies(f -> assertThat(f.body()).containsExactly(1, 0, 2, 0, 3));
    }

    @Test
    void headersAreUnescapedPerVersion() throws Exception {
        String frame = "SEND\ndestination:/topic/a\nx:a\\cb\\nc\\\\d\\re\n\n\0";

        assertThat(decoder(StompVersion.V1_2)
                        .decode(bytes(frame))
                        .frames()
                        .get(0)
                        .headers())
                .containsEntry("x", "a:b\nc\\d\re");
        assertThatThrownBy(() -> decoder(StompVersion.V1_1).decode(bytes(frame)))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("\\r");
        assertThat(decoder(StompVersion.V1_0)
                        .decode(bytes(frame))
                        .frames()
                        .get(0)
                        .headers())
                .containsEntry("x", "a\\cb\\nc\\\\d\\re");
    }

    @Test
    void connectHeadersAreNeverUnescaped() throws Exception {
        StompFrame connect = decoder(StompVersion.V1_2)
                .decode(bytes("CONNECT\nlogin:a\\cb\n\n\0"))
                .frames()
                .get(0);

        assertThat(connect.headers()).containsEntry("login", "a\\cb");
    }

    @Test
    void anUndefinedEscapeIsRefused() {
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("SEND\nx:\\t\n\n\0")))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("undefined escape");
    }

    @Test
    void aRepeatedHeaderKeepsItsFirstValue() throws Exception {
        StompFrame frame = decoder(StompVersion.V1_2)
                .decode(bytes("SEND\nx:first\nx:second\n\n\0"))
                .frames()
                .get(0);

        assertThat(frame.headers()).containsEntry("x", "first");
    }

    @Test
    void aFrameLargerThanTheLimitIsRefusedWithMessageTooBig() {
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("SEND\n\n" + "x".repeat(2000) + "\0")))
                .isInstanceOfSatisfying(
                        StompProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("SEND\ncontent-length:5000\n\n")))
                .isInstanceOfSatisfying(
                        StompProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
    }

    @Test
    void anUnterminatedFrameIsRefusedOnceItPassesTheLimitAcrossMessages() throws Exception {
        StompFrameCodec.Decoder decoder = decoder(StompVersion.V1_2);
        decoder.decode(bytes("SEND\n\n"));
        for (int i = 0; i < 10; i++) {
            decoder.decode(bytes("y".repeat(100)));
        }
        assertThatThrownBy(() -> decoder.decode(bytes("y".repeat(100))))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("larger than 1024");
    }

    @Test
    void tooManyHeadersAndTooLongHeaderLinesAreRefused() {
        StringBuilder many = new StringBuilder("SEND\n");
        for (int i = 0; i < 10; i++) {
            many.append("h").append(i).append(":v\n");
        }
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes(many + "\n\0")))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("more than 8 headers");
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("SEND\nh:" + "v".repeat(200))))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("header line longer than 128");
    }

    @Test
    void anUnknownCommandIsRefused() {
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("HELLO\n\n\0")))
                .isInstanceOf(StompProtocolException.class)
                .hasMessageContaining("unknown command");
    }

    @Test
    void theBodyMustEndWhereContentLengthSays() {
        assertThatThrownBy(() -> decoder(StompVersion.V1_2).decode(bytes("SEND\ncontent-length:2\n\nabc\0")))
                .isInstanceOf(StompProtocolException.class);
    }

    @Test
    void encodedFramesEscapePerVersionAndCarryContentLength() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("destination", "/topic/a:b");
        headers.put("note", "x\ny\rz");
        StompFrame message = new StompFrame("MESSAGE", headers, new byte[] {0, 1});

        String v12 = new String(StompFrameCodec.encode(message, StompVersion.V1_2), StandardCharsets.ISO_8859_1);
        String v11 = new String(StompFrameCodec.encode(message, StompVersion.V1_1), StandardCharsets.ISO_8859_1);

        assertThat(v12).isEqualTo("MESSAGE\ndestination:/topic/a\\cb\nnote:x\\ny\\rz\ncontent-length:2\n\n\0\1\0");
        assertThat(v11).contains("note:x\\ny z\n");
        StompFrame connected = StompFrame.of("CONNECTED", Map.of("server", "a:b"), "");
        assertThat(new String(StompFrameCodec.encode(connected, StompVersion.V1_2), StandardCharsets.UTF_8))
                .isEqualTo("CONNECTED\nserver:a:b\n\n\0");
    }

    @Test
    void whatTheEncoderWritesTheDecoderReadsBack() throws Exception {
        Map<String, String> headers = Map.of("destination", "/topic/we:ird\\name\n");
        byte[] encoded =
                StompFrameCodec.encode(new StompFrame("SEND", headers, new byte[] {0, 0, 7}), StompVersion.V1_2);

        StompFrame back = decoder(StompVersion.V1_2)
                .decode(ByteBuffer.wrap(encoded))
                .frames()
                .get(0);

        assertThat(back.headers()).containsEntry("destination", "/topic/we:ird\\name\n");
        assertThat(back.body()).containsExactly(0, 0, 7);
    }

    @Test
    void aTextMessageFrameIsWhatTheByteEncodingGivesDecodedAndItsLengthCountsTheWrittenBytes() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("subscription", "sub:0");
        headers.put("message-id", "m\n1");
        headers.put("destination", "/topic/a");
        for (String body : List.of("", "plain", "Grüße, 世界 \uD83D\uDE00", "nul\0inside")) {
            for (StompVersion version : StompVersion.values()) {
                String text = StompFrameCodec.encodeText("MESSAGE", headers, body, version);
                byte[] bytes = StompFrameCodec.encode(
                        new StompFrame("MESSAGE", headers, body.getBytes(StandardCharsets.UTF_8)), version);

                assertThat(text).as("%s in %s", body, version).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
                assertThat(writtenBody(text)).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aLoneSurrogateInATextBodyIsCountedAsTheOneByteItIsWrittenAs() throws Exception {
        String body = "a\uD800b";
        String text = StompFrameCodec.encodeText("MESSAGE", Map.of("destination", "/topic/a"), body, StompVersion.V1_2);

        assertThat(text).contains("content-length:3\n");
        assertThat(writtenBody(text)).isEqualTo("a?b".getBytes(StandardCharsets.UTF_8));
    }

    /** The body of a frame as its text message is written: the bytes after the blank line, before the NUL. */
    private static byte[] writtenBody(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        String head = frame.substring(0, frame.indexOf("\n\n"));
        int length = Integer.parseInt(head.substring(head.indexOf("content-length:") + 15)
                .lines()
                .findFirst()
                .orElseThrow());
        int start = head.getBytes(StandardCharsets.UTF_8).length + 2;
        assertThat(bytes)
                .as("the frame's bytes: head, blank line, content-length bytes, NUL")
                .hasSize(start + length + 1);
        assertThat(bytes[bytes.length - 1]).isZero();
        return java.util.Arrays.copyOfRange(bytes, start, start + length);
    }
}
