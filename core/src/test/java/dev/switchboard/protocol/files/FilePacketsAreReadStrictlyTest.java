package dev.switchboard.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.protocol.files.FilePacket.Streaming;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePacketsAreReadStrictlyTest {

    private static ByteBuffer framed(String header, byte[] payload) {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(10 + bytes.length + payload.length);
        out.put(String.format("%010d", bytes.length).getBytes(StandardCharsets.US_ASCII));
        return out.put(bytes).put(payload).flip();
    }

    private static int closeCodeOf(ByteBuffer message) {
        try {
            FileCodec.decode(message);
        } catch (MalformedFilePacketException e) {
            return e.closeCode();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void aPacketReadsBackAsItWasWritten() throws Exception {
        FilePacket packet = new FilePacket(
                "id1",
                "file1",
                "r\u00e9port.pdf",
                1048576,
                65536,
                65536,
                "note",
                Streaming.stmContinue,
                2,
                FilePacket.FILE,
                "",
                "news",
                ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer encoded = FileCodec.encode(packet);
        assertThat(new String(encoded.array(), 0, 10, StandardCharsets.US_ASCII))
                .matches("\\d{10}");

        FilePacket read = FileCodec.decode(encoded);
        assertThat(read.fileName()).isEqualTo("r\u00e9port.pdf");
        assertThat(read.fileSize()).isEqualTo(1048576);
        assertThat(read.filePosition()).isEqualTo(65536);
        assertThat(read.streaming()).isEqualTo(Streaming.stmContinue);
        assertThat(read.qos()).isEqualTo(2);
        assertThat(read.channel()).isEqualTo("news");
        byte[] payload = new byte[read.payload().remaining()];
        read.payload().get(payload);
        assertThat(payload).containsExactly(1, 2, 3);
    }

    @Test
    void theSgcExampleHeaderIsRead() throws Exception {
        FilePacket read = FileCodec.decode(
                framed("6F2A|9C1B|report.pdf|1048576|0|65536||stmNone|qosLevel2|sgc@file||", new byte[0]));
        assertThat(read.isData()).isFalse();
        assertThat(read.data()).isEmpty();
        assertThat(read.payload().remaining()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a|b|c|1|0|1||stmNone|qosLevel0|sgc@file|", // 11 fields
                "a|b|c|1|0|1||stmNone|qosLevel0|sgc@file|||", // 13 fields
                "a|b|c|-1|0|1||stmNone|qosLevel0|sgc@file||", // sign
                "a|b|c||0|1||stmNone|qosLevel0|sgc@file||", // empty number
                "a|b|c|1|0|1234567890123456789||stmNone|qosLevel0|sgc@file||", // 19 digits
                "a|b|c|\u0661|0|1||stmNone|qosLevel0|sgc@file||", // a non-ASCII digit
                "a|b|c|1|0|1||stmMiddle|qosLevel0|sgc@file||",
                "a|b|c|1|0|1||stmNone|qosLevel3|sgc@file||",
                "a|b|c|1|0|1||stmNone|qosLevel0|sgc@other||"
            })
    void aBadHeaderIsAnErrorForTheClientNotAClose(String header) {
        assertThat(closeCodeOf(framed(header, new byte[0]))).isZero();
    }

    @Test
    void anUnreadableFrameClosesWithItsCode() {
        assertThat(closeCodeOf(ByteBuffer.wrap("0000".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(closeCodeOf(ByteBuffer.wrap("00000000x1a".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(closeCodeOf(ByteBuffer.wrap("0000000100abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(closeCodeOf(ByteBuffer.wrap("0000008193".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        ByteBuffer notUtf8 = ByteBuffer.allocate(12).put("0000000002".getBytes(StandardCharsets.US_ASCII));
        notUtf8.put((byte) 0xC3).put((byte) 0x28).flip();
        assertThat(closeCodeOf(notUtf8)).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void aFieldWithTheSeparatorIsNeverWritten() {
        FilePacket packet =
                new FilePacket("i", "f", "a|b", 0, 0, 0, "", Streaming.stmNone, 0, FilePacket.FILE, "", "", null);
        assertThatThrownBy(() -> FileCodec.encode(packet)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..\\x", "/abs", "C:x", "a\u0000b", "a\nb", "..", ".", "", "dir/file"})
    void aNameThatIsNotOnePlainElementIsRefused(String name) {
        assertThat(FileNames.refusal(name)).isNotNull();
    }

    @Test
    void plainNamesPassAndLongOnesDoNot() {
        assertThat(FileNames.refusal("report 2026.pdf")).isNull();
        assertThat(FileNames.refusal("..hidden")).isNull();
        assertThat(FileNames.refusal("\u00e9".repeat(127))).isNull();
        assertThat(FileNames.refusal("\u00e9".repeat(128))).contains("255 bytes");
    }

    @Test
    void quotasCountTransfersAndBytesPerUser() {
        Quotas quotas = new Quotas(2, 100, 1000);
        assertThat(quotas.reserve("u", 60)).isNull();
        assertThat(quotas.reserve("u", 50)).startsWith("spool quota exceeded");
        assertThat(quotas.reserve("u", 40)).isNull();
        assertThat(quotas.reserve("u", 0)).startsWith("too many transfers");
        assertThat(quotas.reserve("other", 100)).isNull();
        quotas.release("u", 60);
        assertThat(quotas.reserve("u", 60)).isNull();
    }

    @Test
    void theServerWideSpoolBoundHoldsAcrossUsers() {
        Quotas quotas = new Quotas(4, 100, 250);
        assertThat(quotas.reserve("a", 100)).isNull();
        assertThat(quotas.reserve("b", 100)).isNull();
        assertThat(quotas.reserve("c", 100)).startsWith("the server's spool is full");
        quotas.release("a", 100);
        assertThat(quotas.reserve("c", 100)).isNull();
    }
}
