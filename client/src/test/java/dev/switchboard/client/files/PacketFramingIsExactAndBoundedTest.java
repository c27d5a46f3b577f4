package dev.switchboard.client.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The client writes the Files framing byte for byte (ten zero-padded digits of header length, twelve fields, then
 * the payload), reads back what it wrote, and refuses malformed or oversized headers without reading past them.
 */
class PacketFramingIsExactAndBoundedTest {

    private static Packet sample(byte[] payload) {
        return new Packet(
                "p1",
                "f1",
                "report.pdf",
                3,
                3,
                65536,
                "about",
                "stmLast",
                2,
                Packet.FILE,
                "",
                "news",
                ByteBuffer.wrap(payload));
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer framed(String header) {
        return ByteBuffer.wrap((String.format("%010d", header.length()) + header).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aPacketIsWrittenWithATenDigitLengthTwelveFieldsAndThePayload() {
        String header = "p1|f1|report.pdf|3|3|65536|about|stmLast|qosLevel2|sgc@file||news";
        assertThat(text(sample(new byte[] {'a', 'b', 'c'}).encode()))
                .isEqualTo(String.format("%010d", header.length()) + header + "abc");
    }

    @Test
    void whatIsWrittenIsReadBack() {
        Packet read = Packet.decode(sample(new byte[] {1, 2, 3}).encode());
        assertThat(read.fileName()).isEqualTo("report.pdf");
        assertThat(read.qos()).isEqualTo(2);
        assertThat(read.channel()).isEqualTo("news");
        assertThat(read.last()).isTrue();
        assertThat(read.payload().remaining()).isEqualTo(3);
    }

    @Test
    void aControlPacketKeepsTheHeaderAndDropsThePayloadAndSeparators() {
        Packet error = sample(new byte[] {1}).control(Packet.FILE_SENT_ERROR, "e1", 0, "a|b");
        assertThat(error.payload().remaining()).isZero();
        assertThat(error.text()).isEqualTo("a/b");
        assertThat(Packet.decode(error.encode()).fileId()).isEqualTo("f1");
    }

    @Test
    void malformedAndOversizedHeadersAreRefused() {
        ByteBuffer letters = ByteBuffer.wrap("00000000x5abcde".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Packet.decode(letters)).isInstanceOf(IllegalArgumentException.class);
        ByteBuffer huge = ByteBuffer.wrap("9999999999".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Packet.decode(huge)).hasMessageContaining("8192");
        assertThatThrownBy(() -> Packet.decode(framed("a|b|c|1|1|1|d|stmLast|qosLevel0|sgc@file|")))
                .hasMessageContaining("12 fields");
        assertThatThrownBy(() -> Packet.decode(framed("a|b|c|1|1|1|d|stmLast|qosLevel0|sgc@file|x|y|z")))
                .hasMessageContaining("12 fields");
        assertThatThrownBy(() -> Packet.decode(framed("a|b|c|-1|1|1|d|stmLast|qosLevel0|sgc@file|x|y")))
                .hasMessageContaining("digits");
    }

    @Test
    void receivedNamesAreReducedToPlainFileNames() {
        assertThat(FilesClient.plainName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FilesClient.plainName("C:\\dir\\report.pdf")).isEqualTo("report.pdf");
        assertThat(FilesClient.plainName("dir/..")).isNull();
        assertThat(FilesClient.plainName("")).isNull();
        assertThat(FilesClient.plainName("a:b")).isNull();
    }
}
