package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MQTT driver's reader takes packets however the broker cuts the byte stream into binary WebSocket messages
 * (Mosquitto puts several packets in one message and splits others): it reads remaining lengths of one to four
 * bytes, keeps an incomplete tail for the next message, and refuses malformed lengths and packets past its bound.
 */
class MqttDriverReadsPacketsHoweverTheyAreCutTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] stream(ByteBuffer... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer packet : packets) {
            out.writeBytes(bytes(packet));
        }
        return out.toByteArray();
    }

    private static List<String> payloads(List<MqttPackets.Packet> packets) {
        return packets.stream()
                .filter(packet -> packet.type() == MqttPackets.PUBLISH)
                .map(packet -> new String(packet.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void severalPacketsInOneMessageAreAllRead() {
        byte[] stream = stream(
                MqttPackets.publish("bench", "1 2".getBytes(StandardCharsets.US_ASCII)),
                MqttPackets.publish("bench", "3 4".getBytes(StandardCharsets.US_ASCII)));

        List<MqttPackets.Packet> packets = new MqttPackets.Reader().feed(ByteBuffer.wrap(stream));

        assertThat(payloads(packets)).containsExactly("1 2", "3 4");
        assertThat(packets.get(0).topic()).isEqualTo("bench");
    }

    @Test
    void aStreamSplitAtEveryPositionIsReadWhole() {
        // The second packet's payload of 300 bytes makes its remaining length two bytes long, so cuts fall inside it.
        String large = "9".repeat(300);
        byte[] stream = stream(
                MqttPackets.publish("bench", "1 2".getBytes(StandardCharsets.US_ASCII)),
                MqttPackets.publish("bench", large.getBytes(StandardCharsets.US_ASCII)),
                MqttPackets.publish("bench", "5 6".getBytes(StandardCharsets.US_ASCII)));
        for (int cut = 1; cut < stream.length; cut++) {
            MqttPackets.Reader reader = new MqttPackets.Reader();
            List<MqttPackets.Packet> packets =
                    new ArrayList<>(reader.feed(ByteBuffer.wrap(stream, 0, cut).slice()));
            packets.addAll(reader.feed(
                    ByteBuffer.wrap(stream, cut, stream.length - cut).slice()));

            assertThat(payloads(packets)).as("cut at %d", cut).containsExactly("1 2", large, "5 6");
        }
    }

    @Test
    void packetsFedOneByteAtATimeAreRead() {
        byte[] stream = stream(
                MqttPackets.publish("bench", "7 8".getBytes(StandardCharsets.US_ASCII)),
                MqttPackets.publish("bench", "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII)));
        MqttPackets.Reader reader = new MqttPackets.Reader();
        List<MqttPackets.Packet> packets = new ArrayList<>();
        for (byte b : stream) {
            packets.addAll(reader.feed(ByteBuffer.wrap(new byte[] {b})));
        }

        assertThat(payloads(packets)).containsExactly("7 8", "x".repeat(20_000));
    }

    @Test
    void remainingLengthsOfOneToFourBytesAreDecoded() {
        for (int length : new int[] {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152}) {
            byte[] body = new byte[length];
            ByteBuffer packet = ByteBuffer.allocate(5 + length);
            packet.put((byte) 0xD0);
            int remaining = length;
            do {
                int digit = remaining % 128;
                remaining /= 128;
                packet.put((byte) (remaining > 0 ? digit | 0x80 : digit));
            } while (remaining > 0);
            packet.put(body).flip();

            List<MqttPackets.Packet> packets = new MqttPackets.Reader(4 << 20).feed(packet);

            assertThat(packets).as("remaining length %d", length).hasSize(1);
            assertThat(packets.get(0).type()).isEqualTo(13);
            assertThat(packets.get(0).body()).hasSize(length);
        }
    }

    @Test
    void connackSubackAndQos1PublishAreReadAsTheDriverNeedsThem() {
        byte[] qos1 = {0x32, 0x0C, 0, 5, 'b', 'e', 'n', 'c', 'h', 0, 7, '4', ' ', '2'};
        byte[] stream = {0x20, 0x02, 0x00, 0x00, (byte) 0x90, 0x03, 0x00, 0x01, 0x00, 0x20, 0x02, 0x00, 0x05};
        ByteBuffer both = ByteBuffer.allocate(stream.length + qos1.length)
                .put(stream)
                .put(qos1)
                .flip();

        List<MqttPackets.Packet> packets = new MqttPackets.Reader().feed(both);

        assertThat(packets).extracting(MqttPackets.Packet::type).containsExactly(2, 9, 2, 3);
        assertThat(packets.get(0).connectReturnCode()).isZero();
        assertThat(packets.get(1).packetId()).isEqualTo(1);
        assertThat(packets.get(1).returnCodes()).containsExactly(0);
        assertThat(packets.get(2).connectReturnCode()).isEqualTo(5);
        assertThat(packets.get(3).topic()).isEqualTo("bench");
        assertThat(new String(packets.get(3).payload(), StandardCharsets.US_ASCII))
                .isEqualTo("4 2");
    }

    @Test
    void theDriversOwnPacketsHaveTheirMqtt311Layout() {
        assertThat(bytes(MqttPackets.connect("c")))
                .containsExactly(0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0xFF, 0xFF, 0, 1, 'c');
        assertThat(bytes(MqttPackets.subscribe(1, "bench")))
                .containsExactly(0x82, 10, 0, 1, 0, 5, 'b', 'e', 'n', 'c', 'h', 0);
        assertThat(bytes(MqttPackets.publish("t", new byte[] {'1'}))).containsExactly(0x30, 4, 0, 1, 't', '1');
    }

    @Test
    void aRemainingLengthOfFiveBytesOrAPacketPastTheBoundIsRefused() {
        assertThatThrownBy(() -> new MqttPackets.Reader()
                        .feed(ByteBuffer.wrap(
                                new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1})))
                .isInstanceOf(MqttPackets.MalformedPacketException.class);
        // The bound applies as soon as the length is known, before the body is buffered.
        assertThatThrownBy(() ->
                        new MqttPackets.Reader(1024).feed(ByteBuffer.wrap(new byte[] {0x30, (byte) 0x80, 0x10})))
                .isInstanceOf(MqttPackets.MalformedPacketException.class);
    }
}
