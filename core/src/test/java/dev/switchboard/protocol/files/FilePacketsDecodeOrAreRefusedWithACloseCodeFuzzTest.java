package dev.switchboard.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Any binary message on the files protocol decodes into a packet whose payload lies inside the message, or is
 * refused with {@link MalformedFilePacketException}; a decoded packet encodes back into a packet with the same
 * fields.
 */
class FilePacketsDecodeOrAreRefusedWithACloseCodeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void packet(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        FilePacket packet;
        try {
            packet = FileCodec.decode(ByteBuffer.wrap(bytes));
        } catch (MalformedFilePacketException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(packet.payload().remaining()).isLessThanOrEqualTo(bytes.length);
        assertThat(packet.qos()).isBetween(0, 2);
        try {
            FilePacket again = FileCodec.decode(FileCodec.encode(packet));
            assertThat(again).isEqualTo(packet);
        } catch (MalformedFilePacketException e) {
            throw new AssertionError("a decoded packet encodes into one that does not decode", e);
        }
    }
}
