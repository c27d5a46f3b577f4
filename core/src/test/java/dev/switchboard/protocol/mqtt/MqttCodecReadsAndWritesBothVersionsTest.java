package dev.switchboard.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.mqtt.MqttPacket.Ack;
import dev.switchboard.protocol.mqtt.MqttPacket.Connack;
import dev.switchboard.protocol.mqtt.MqttPacket.Connect;
import dev.switchboard.protocol.mqtt.MqttPacket.Disconnect;
import dev.switchboard.protocol.mqtt.MqttPacket.Publish;
import dev.switchboard.protocol.mqtt.MqttPacket.Suback;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscription;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsuback;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsubscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Will;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The codec reads what it writes for every packet type of MQTT 3.1.1 and 5.0, reassembles packets split over and
 * batched in frames, and refuses malformed input with the reason code the server's DISCONNECT carries.
 */
class MqttCodecReadsAndWritesBothVersionsTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static MqttPacket roundTrip(MqttPacket packet, int level) throws Exception {
        return MqttCodec.decode(MqttCodec.encode(packet, level), level);
    }

    private static MqttProperties.Builder props() {
        return MqttProperties.builder();
    }

    @Test
    void aV5ConnectWithWillAndPropertiesRoundTrips() throws Exception {
        MqttProperties willProps = props().unsigned(MqttProperties.WILL_DELAY_INTERVAL, 5)
                .string(MqttProperties.CONTENT_TYPE, "text/plain")
                .build();
        Connect connect = new Connect(
                "MQTT",
                5,
                true,
                30,
                "client-1",
                Optional.of(new Will("last/will", "bye".getBytes(StandardCharsets.UTF_8), 1, true, willProps)),
                "alice",
                "secret".getBytes(StandardCharsets.UTF_8),
                props().unsigned(MqttProperties.SESSION_EXPIRY_INTERVAL, 120)
                        .integer(MqttProperties.RECEIVE_MAXIMUM, 10)
                        .user("k", "v")
                        .build());
        Connect read = (Connect) MqttCodec.decode(MqttCodec.encode(connect, 5), 0);
        assertThat(read.level()).isEqualTo(5);
        assertThat(read.cleanStart()).isTrue();
        assertThat(read.keepAlive()).isEqualTo(30);
        assertThat(read.clientId()).isEqualTo("client-1");
        assertThat(read.userName()).isEqualTo("alice");
        assertThat(new String(read.password(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(read.properties().unsigned(MqttProperties.SESSION_EXPIRY_INTERVAL))
                .contains(120L);
        assertThat(read.properties().userProperties()).containsExactly(Map.entry("k", "v"));
        Will will = read.will().orElseThrow();
        assertThat(will.topic()).isEqualTo("last/will");
        assertThat(will.qos()).isEqualTo(1);
        assertThat(will.retain()).isTrue();
        assertThat(will.properties().unsigned(MqttProperties.WILL_DELAY_INTERVAL))
                .contains(5L);
        assertThat(will.properties().string(MqttProperties.CONTENT_TYPE)).contains("text/plain");
    }

    @Test
    void aV311ConnectCarriesNoProperties() throws Exception {
        Connect connect = new Connect("MQTT", 4, false, 60, "c", Optional.empty(), null, null, MqttProperties.EMPTY);
        byte[] wire = bytes(MqttCodec.encode(connect, 4));
        // 10 bytes of variable header (name, level, flags, keep-alive) and the 3-byte client id.
        assertThat(wire).hasSize(2 + 10 + 3);
        Connect read = (Connect) MqttCodec.decode(ByteBuffer.wrap(wire), 0);
        assertThat(read.cleanStart()).isFalse();
        assertThat(read.will()).isEmpty();
    }

    @Test
    void everyOtherPacketTypeRoundTripsInBothVersions() throws Exception {
        for (int level : new int[] {4, 5}) {
            MqttProperties p = level == 5
                    ? props().integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1)
                            .string(MqttProperties.RESPONSE_TOPIC, "reply/to")
                            .binary(MqttProperties.CORRELATION_DATA, new byte[] {1, 2})
                            .subscriptionId(7)
                            .subscriptionId(300)
                            .user("a", "b")
                            .build()
                    : MqttProperties.EMPTY;
            Publish publish =
                    (Publish) roundTrip(new Publish(true, 2, true, "a/b", 42, new byte[] {0, 1, 2}, p), level);
            assertThat(publish.dup()).isTrue();
            assertThat(publish.qos()).isEqualTo(2);
            assertThat(publish.retain()).isTrue();
            assertThat(publish.packetId()).isEqualTo(42);
            assertThat(publish.payload()).containsExactly(0, 1, 2);
            if (level == 5) {
                assertThat(publish.properties().subscriptionIds()).containsExactly(7, 300);
                assertThat(publish.properties().binary(MqttProperties.CORRELATION_DATA))
                        .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
            }
            for (int type : new int[] {MqttPacket.PUBACK, MqttPacket.PUBREC, MqttPacket.PUBREL, MqttPacket.PUBCOMP}) {
                Ack ack = (Ack) roundTrip(new Ack(type, 9, level == 5 ? 0x10 : 0, MqttProperties.EMPTY), level);
                assertThat(ack.type()).isEqualTo(type);
                assertThat(ack.packetId()).isEqualTo(9);
                assertThat(ack.reasonCode()).isEqualTo(level == 5 ? 0x10 : 0);
            }
            Subscribe subscribe = (Subscribe) roundTrip(
                    new Subscribe(
                            5,
                            List.of(new Subscription("a/+", 1, level == 5, level == 5, level == 5 ? 2 : 0)),
                            MqttProperties.EMPTY),
                    level);
            assertThat(subscribe.subscriptions())
                    .containsExactly(new Subscription("a/+", 1, level == 5, level == 5, level == 5 ? 2 : 0));
            assertThat(((Suback) roundTrip(new Suback(5, List.of(0, 1, 0x80), MqttProperties.EMPTY), level))
                            .reasonCodes())
                    .containsExactly(0, 1, 0x80);
            assertThat(((Unsubscribe) roundTrip(new Unsubscribe(6, List.of("x", "y/#"), MqttProperties.EMPTY), level))
                            .filters())
                    .containsExactly("x", "y/#");
            assertThat(((Unsuback) roundTrip(new Unsuback(6, List.of(0, 0x11), MqttProperties.EMPTY), level))
                            .reasonCodes())
                    .isEqualTo(level == 5 ? List.of(0, 0x11) : List.of());
            assertThat(((Connack) roundTrip(new Connack(true, 0, MqttProperties.EMPTY), level)).sessionPresent())
                    .isTrue();
            assertThat(roundTrip(new MqttPacket.PingReq(), level)).isInstanceOf(MqttPacket.PingReq.class);
            assertThat(roundTrip(new MqttPacket.PingResp(), level)).isInstanceOf(MqttPacket.PingResp.class);
            assertThat(((Disconnect) roundTrip(new Disconnect(level == 5 ? 0x04 : 0, MqttProperties.EMPTY), level))
                            .reasonCode())
                    .isEqualTo(level == 5 ? 0x04 : 0);
        }
        MqttPacket.Auth auth = (MqttPacket.Auth) roundTrip(
                new MqttPacket.Auth(
                        0x18,
                        props().string(MqttProperties.AUTHENTICATION_METHOD, "SCRAM")
                                .build()),
                5);
        assertThat(auth.properties().string(MqttProperties.AUTHENTICATION_METHOD))
                .contains("SCRAM");
    }

    @Test
    void variableByteIntegersUseOneToFourBytes() throws Exception {
        for (int size : new int[] {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152}) {
            MqttCodec.Out out = new MqttCodec.Out();
            out.variableInteger(size);
            assertThat(out.size()).isEqualTo(MqttCodec.variableIntegerSize(size));
            byte[] wire = out.toByteArray();
            assertThat(new MqttCodec.In(ByteBuffer.wrap(wire)).variableInteger())
                    .isEqualTo(size);
        }
        assertThatThrownBy(() -> new MqttCodec.In(
                                ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}))
                        .variableInteger())
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void packetsSplitAcrossFramesAndBatchedInOneAreReassembled() throws Exception {
        byte[] one =
                bytes(MqttCodec.encode(new Publish(false, 0, false, "a", 0, new byte[300], MqttProperties.EMPTY), 4));
        byte[] two = bytes(MqttCodec.encode(new MqttPacket.PingReq(), 4));
        byte[] connect = bytes(MqttCodec.encode(
                new Connect("MQTT", 4, true, 0, "c", Optional.empty(), null, null, MqttProperties.EMPTY), 4));
        MqttCodec.Decoder decoder = new MqttCodec.Decoder(1024);
        assertThat(decoder.feed(ByteBuffer.wrap(connect))).hasSize(1);
        byte[] stream = new byte[one.length + two.length];
        System.arraycopy(one, 0, stream, 0, one.length);
        System.arraycopy(two, 0, stream, one.length, two.length);
        // The first frame ends inside the remaining length's second byte.
        assertThat(decoder.feed(ByteBuffer.wrap(stream, 0, 2))).isEmpty();
        assertThat(decoder.feed(ByteBuffer.wrap(stream, 2, 100))).isEmpty();
        List<MqttPacket> rest = decoder.feed(ByteBuffer.wrap(stream, 102, stream.length - 102));
        assertThat(rest).hasSize(2);
        assertThat(((Publish) rest.get(0)).payload()).hasSize(300);
        assertThat(rest.get(1)).isInstanceOf(MqttPacket.PingReq.class);
        assertThat(decoder.pending()).isZero();
    }

    @Test
    void aPacketOverTheMaximumIsRefusedWith0x95BeforeItsBodyArrives() throws Exception {
        MqttCodec.Decoder decoder = new MqttCodec.Decoder(100);
        decoder.feed(MqttCodec.encode(
                new Connect("MQTT", 5, true, 0, "c", Optional.empty(), null, null, MqttProperties.EMPTY), 5));
        // A PUBLISH announcing 1000 bytes: only its first three bytes are sent.
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(new byte[] {0x30, (byte) 0xE8, 0x07})))
                .isInstanceOfSatisfying(
                        MalformedPacketException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.PACKET_TOO_LARGE));
    }

    @Test
    void malformedInputIsRefusedWith0x81() {
        List<byte[]> malformed = List.of(
                // PUBLISH QoS 3
                new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01},
                // SUBSCRIBE with wrong reserved flags
                new byte[] {(byte) 0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x00},
                // PUBACK packet id 0
                new byte[] {0x40, 0x02, 0x00, 0x00},
                // a topic that is not UTF-8
                new byte[] {0x30, 0x04, 0x00, 0x02, (byte) 0xC0, (byte) 0x80},
                // a topic holding U+0000
                new byte[] {0x30, 0x03, 0x00, 0x01, 0x00},
                // a string length past the end
                new byte[] {0x30, 0x02, 0x00, 0x09},
                // reserved type 0
                new byte[] {0x00, 0x00});
        for (byte[] packet : malformed) {
            assertThatThrownBy(() -> MqttCodec.decode(ByteBuffer.wrap(packet), 4))
                    .isInstanceOfSatisfying(
                            MalformedPacketException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.MALFORMED_PACKET));
        }
    }

    @Test
    void anUnknownOrMisplacedPropertyIsMalformed() {
        // PUBLISH v5, topic "a", properties length 2: identifier 0x7F (unknown) with one byte.
        byte[] unknown = {0x30, 0x06, 0x00, 0x01, 'a', 0x02, 0x7F, 0x00};
        // PUBLISH v5 carrying Session Expiry Interval, which belongs to CONNECT and DISCONNECT.
        byte[] misplaced = {0x30, 0x09, 0x00, 0x01, 'a', 0x05, 0x11, 0, 0, 0, 1};
        for (byte[] packet : List.of(unknown, misplaced)) {
            assertThatThrownBy(() -> MqttCodec.decode(ByteBuffer.wrap(packet), 5))
                    .isInstanceOfSatisfying(
                            MalformedPacketException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.MALFORMED_PACKET));
        }
    }

    @Test
    void aRepeatedPropertyIsAProtocolError() {
        byte[] twice = {0x30, 0x08, 0x00, 0x01, 'a', 0x04, 0x01, 0x01, 0x01, 0x00};
        assertThatThrownBy(() -> MqttCodec.decode(ByteBuffer.wrap(twice), 5))
                .isInstanceOfSatisfying(
                        MalformedPacketException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR));
    }

    @Test
    void aPacketBeforeConnectIsAProtocolError() {
        assertThatThrownBy(() -> new MqttCodec.Decoder(100).feed(ByteBuffer.wrap(new byte[] {(byte) 0xC0, 0x00})))
                .isInstanceOfSatisfying(
                        MalformedPacketException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR));
    }

    @Test
    void aConnectOfAnotherVersionIsReadUpToItsLevel() throws Exception {
        // MQTT 3.1: "MQIsdp", level 3, then a layout this codec does not read.
        byte[] v31 = {0x10, 0x0A, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3C};
        Connect connect = (Connect) MqttCodec.decode(ByteBuffer.wrap(v31), 0);
        assertThat(connect.level()).isEqualTo(3);
    }
}
