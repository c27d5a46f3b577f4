package dev.switchboard.protocol.mqtt;

import dev.switchboard.protocol.mqtt.MqttPacket.Ack;
import dev.switchboard.protocol.mqtt.MqttPacket.Auth;
import dev.switchboard.protocol.mqtt.MqttPacket.Connack;
import dev.switchboard.protocol.mqtt.MqttPacket.Connect;
import dev.switchboard.protocol.mqtt.MqttPacket.Disconnect;
import dev.switchboard.protocol.mqtt.MqttPacket.PingReq;
import dev.switchboard.protocol.mqtt.MqttPacket.PingResp;
import dev.switchboard.protocol.mqtt.MqttPacket.Publish;
import dev.switchboard.protocol.mqtt.MqttPacket.Suback;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscription;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsuback;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsubscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Will;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes MQTT 3.1.1 and 5.0 packets. {@link Decoder} accumulates one connection's bytes (a packet may span
 * WebSocket frames and a frame may hold several packets) and hands out complete packets; {@link #encode} writes one
 * packet. Every length is checked against the bytes present before it is used, so a hostile length never allocates.
 */
final class MqttCodec {

    /** The largest value a variable byte integer holds (MQTT 5.0 §1.5.5): four bytes of seven bits. */
    static final int MAX_VARIABLE_INTEGER = 268_435_455;

    private MqttCodec() {}

    // ---- decoding ------------------------------------------------------------------------------------------

    /**
     * One connection's inbound packet stream. Not thread-safe: the transport calls it serially per connection.
     */
    static final class Decoder {
        private final int maxPacketSize;
        private byte[] buffer = new byte[0];
        private int length;
        private int level;

        /**
         * @param maxPacketSize the largest packet accepted, fixed header included; a larger one is refused with
         *                      0x95 before its body arrives
         */
        Decoder(int maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
        }

        /** The protocol level taken from the CONNECT, 0 before it. */
        int level() {
            return level;
        }

        /** The bytes held of a packet not yet complete. */
        int pending() {
            return length;
        }

        /**
         * Appends bytes and returns the packets they complete, in order.
         *
         * @throws MalformedPacketException for a malformed or too large packet; the stream cannot go on after it
         */
        List<MqttPacket> feed(ByteBuffer bytes) throws MalformedPacketException {
            int incoming = bytes.remaining();
            if (length + incoming > buffer.length) {
                buffer = Arrays.copyOf(
                        buffer, Math.max(length + incoming, Math.min(buffer.length * 2, maxPacketSize + 5)));
            }
            bytes.get(buffer, length, incoming);
            length += incoming;
            if (level == 0 && length > 0 && (buffer[0] & 0xFF) >>> 4 != MqttPacket.CONNECT) {
                // Judged on the first byte: a stranger (an HTTP request on a TCP port) whose bytes read as a long
                // packet would otherwise be held until the keep-alive cap.
                throw MalformedPacketException.protocolError("the first packet must be CONNECT");
            }
            List<MqttPacket> packets = new ArrayList<>(1);
            int start = 0;
            while (start < length) {
                int end = packetEnd(start);
                if (end < 0) {
                    break;
                }
                MqttPacket packet = decode(ByteBuffer.wrap(buffer, start, end - start), level);
                if (packet instanceof Connect connect && level == 0) {
                    level = connect.level();
                }
                packets.add(packet);
                start = end;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, length - start);
                length -= start;
            }
            if (length == 0 && buffer.length > 4096) {
                // A large packet passed: do not keep its buffer for an idle connection.
                buffer = new byte[0];
            }
            return packets;
        }

        /** The end of the packet starting at {@code start}, or -1 when its bytes are not all here yet. */
        private int packetEnd(int start) throws MalformedPacketException {
            int value = 0;
            int shift = 0;
            int at = start + 1;
            for (int i = 0; ; i++) {
                if (at >= length) {
                    return -1;
                }
                int b = buffer[at++] & 0xFF;
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (i == 3) {
                    throw MalformedPacketException.malformed("a remaining length longer than four bytes");
                }
                shift += 7;
            }
            long total = (long) (at - start) + value;
            if (total > maxPacketSize) {
                throw new MalformedPacketException(
                        ReasonCodes.PACKET_TOO_LARGE,
                        "a packet of " + total + " bytes; the maximum is " + maxPacketSize);
            }
            return at + value <= length ? at + value : -1;
        }
    }

    /**
     * Decodes one whole packet (fixed header included).
     *
     * @param packet the packet's bytes
     * @param level  the connection's protocol level (4 or 5), or 0 before CONNECT
     * @return the packet
     * @throws MalformedPacketException when it is malformed
     */
    static MqttPacket decode(ByteBuffer packet, int level) throws MalformedPacketException {
        In in = new In(packet);
        int first = in.u8();
        int type = first >>> 4;
        int flags = first & 0x0F;
        in.variableInteger(); // the remaining length, already checked against the bytes present
        if (level == 0 && type != MqttPacket.CONNECT) {
            throw MalformedPacketException.protocolError("the first packet must be CONNECT");
        }
        boolean v5 = level == MqttPacket.V5;
        if (type != MqttPacket.PUBLISH) {
            int expected = type == MqttPacket.PUBREL || type == MqttPacket.SUBSCRIBE || type == MqttPacket.UNSUBSCRIBE
                    ? 0b0010
                    : 0;
            if (flags != expected) {
                throw MalformedPacketException.malformed("reserved flags of packet type " + type + " are wrong");
            }
        }
        MqttPacket decoded = switch (type) {
            case MqttPacket.CONNECT -> connect(in, level);
            case MqttPacket.CONNACK -> {
                int ackFlags = in.u8();
                if ((ackFlags & 0xFE) != 0) {
                    throw MalformedPacketException.malformed("reserved CONNACK flags set");
                }
                int code = in.u8();
                yield new Connack((ackFlags & 1) != 0, code, v5 ? properties(in, type) : MqttProperties.EMPTY);
            }
            case MqttPacket.PUBLISH -> publish(in, flags, v5);
            case MqttPacket.PUBACK, MqttPacket.PUBREC, MqttPacket.PUBREL, MqttPacket.PUBCOMP -> {
                int id = packetId(in);
                int code = v5 && in.remaining() > 0 ? in.u8() : 0;
                MqttProperties props = v5 && in.remaining() > 0 ? properties(in, type) : MqttProperties.EMPTY;
                yield new Ack(type, id, code, props);
            }
            case MqttPacket.SUBSCRIBE -> subscribe(in, v5);
            case MqttPacket.SUBACK, MqttPacket.UNSUBACK -> {
                int id = packetId(in);
                MqttProperties props = v5 ? properties(in, type) : MqttProperties.EMPTY;
                List<Integer> codes = new ArrayList<>();
                while (in.remaining() > 0) {
                    codes.add(in.u8());
                }
                yield type == MqttPacket.SUBACK ? new Suback(id, codes, props) : new Unsuback(id, codes, props);
            }
            case MqttPacket.UNSUBSCRIBE -> {
                int id = packetId(in);
                MqttProperties props = v5 ? properties(in, type) : MqttProperties.EMPTY;
                List<String> filters = new ArrayList<>();
                while (in.remaining() > 0) {
                    filters.add(in.string());
                }
                if (filters.isEmpty()) {
                    throw MalformedPacketException.protocolError("UNSUBSCRIBE without a topic filter");
                }
                yield new Unsubscribe(id, filters, props);
            }
            case MqttPacket.PINGREQ -> new PingReq();
            case MqttPacket.PINGRESP -> new PingResp();
            case MqttPacket.DISCONNECT -> {
                int code = v5 && in.remaining() > 0 ? in.u8() : 0;
                MqttProperties props = v5 && in.remaining() > 0 ? properties(in, type) : MqttProperties.EMPTY;
                yield new Disconnect(code, props);
            }
            case MqttPacket.AUTH -> {
                if (!v5) {
                    throw MalformedPacketException.malformed("AUTH is an MQTT 5 packet");
                }
                int code = in.remaining() > 0 ? in.u8() : 0;
                MqttProperties props = in.remaining() > 0 ? properties(in, type) : MqttProperties.EMPTY;
                yield new Auth(code, props);
            }
            default -> throw MalformedPacketException.malformed("reserved packet type " + type);
        };
        if (in.remaining() > 0
                && !(decoded instanceof Connect c && c.level() != MqttPacket.V311 && c.level() != MqttPacket.V5)) {
            throw MalformedPacketException.malformed("bytes left over after packet type " + type);
        }
        return decoded;
    }

    private static Connect connect(In in, int currentLevel) throws MalformedPacketException {
        if (currentLevel != 0) {
            throw MalformedPacketException.protocolError("a second CONNECT");
        }
        String name = in.string();
        int level = in.u8();
        if (level != MqttPacket.V311 && level != MqttPacket.V5) {
            // Another version's layout may differ: stop here so the server can answer "unsupported version".
            return new Connect(name, level, true, 0, "", Optional.empty(), null, null, MqttProperties.EMPTY);
        }
        if (!"MQTT".equals(name)) {
            throw MalformedPacketException.malformed("protocol name is not MQTT");
        }
        boolean v5 = level == MqttPacket.V5;
        int flags = in.u8();
        if ((flags & 0x01) != 0) {
            throw MalformedPacketException.malformed("reserved CONNECT flag set");
        }
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = (flags >>> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        boolean passwordFlag = (flags & 0x40) != 0;
        boolean userFlag = (flags & 0x80) != 0;
        if (willQos == 3 || (!willFlag && (willQos != 0 || willRetain))) {
            throw MalformedPacketException.malformed("will QoS or retain without a will, or will QoS 3");
        }
        if (!v5 && passwordFlag && !userFlag) {
            throw MalformedPacketException.malformed("a password without a user name");
        }
        int keepAlive = in.u16();
        MqttProperties props = v5 ? properties(in, MqttPacket.CONNECT) : MqttProperties.EMPTY;
        String clientId = in.string();
        Optional<Will> will = Optional.empty();
        if (willFlag) {
            MqttProperties willProps = v5 ? properties(in, -1) : MqttProperties.EMPTY;
            String topic = in.string();
            byte[] payload = in.binary();
            will = Optional.of(new Will(topic, payload, willQos, willRetain, willProps));
        }
        String user = userFlag ? in.string() : null;
        byte[] password = passwordFlag ? in.binary() : null;
        return new Connect(name, level, (flags & 0x02) != 0, keepAlive, clientId, will, user, password, props);
    }

    private static Publish publish(In in, int flags, boolean v5) throws MalformedPacketException {
        boolean dup = (flags & 0x08) != 0;
        int qos = (flags >>> 1) & 0x03;
        boolean retain = (flags & 0x01) != 0;
        if (qos == 3) {
            throw MalformedPacketException.malformed("PUBLISH with QoS 3");
        }
        if (qos == 0 && dup) {
            throw MalformedPacketException.malformed("PUBLISH with QoS 0 and DUP");
        }
        String topic = in.string();
        int id = qos > 0 ? packetId(in) : 0;
        MqttProperties props = v5 ? properties(in, MqttPacket.PUBLISH) : MqttProperties.EMPTY;
        byte[] payload = in.rest();
        return new Publish(dup, qos, retain, topic, id, payload, props);
    }

    private static Subscribe subscribe(In in, boolean v5) throws MalformedPacketException {
        int id = packetId(in);
        MqttProperties props = v5 ? properties(in, MqttPacket.SUBSCRIBE) : MqttProperties.EMPTY;
        List<Subscription> subscriptions = new ArrayList<>();
        while (in.remaining() > 0) {
            String filter = in.string();
            int options = in.u8();
            int qos = options & 0x03;
            int retainHandling = (options >>> 4) & 0x03;
            if (qos == 3 || (v5 ? (options & 0xC0) != 0 || retainHandling == 3 : (options & 0xFC) != 0)) {
                throw MalformedPacketException.malformed("reserved subscription option bits set");
            }
            subscriptions.add(new Subscription(
                    filter, qos, v5 && (options & 0x04) != 0, v5 && (options & 0x08) != 0, v5 ? retainHandling : 0));
        }
        if (subscriptions.isEmpty()) {
            throw MalformedPacketException.protocolError("SUBSCRIBE without a topic filter");
        }
        return new Subscribe(id, subscriptions, props);
    }

    private static int packetId(In in) throws MalformedPacketException {
        int id = in.u16();
        if (id == 0) {
            throw MalformedPacketException.malformed("packet identifier 0");
        }
        return id;
    }

    /** Which properties each packet may carry (MQTT 5.0 §2.2.2.2); -1 is the will of a CONNECT. */
    private static final Map<Integer, Set<Integer>> ALLOWED = Map.ofEntries(
            Map.entry(
                    MqttPacket.CONNECT,
                    Set.of(
                            MqttProperties.SESSION_EXPIRY_INTERVAL,
                            MqttProperties.AUTHENTICATION_METHOD,
                            MqttProperties.AUTHENTICATION_DATA,
                            MqttProperties.REQUEST_PROBLEM_INFORMATION,
                            MqttProperties.REQUEST_RESPONSE_INFORMATION,
                            MqttProperties.RECEIVE_MAXIMUM,
                            MqttProperties.TOPIC_ALIAS_MAXIMUM,
                            MqttProperties.USER_PROPERTY,
                            MqttProperties.MAXIMUM_PACKET_SIZE)),
            Map.entry(
                    -1,
                    Set.of(
                            MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                            MqttProperties.MESSAGE_EXPIRY_INTERVAL,
                            MqttProperties.CONTENT_TYPE,
                            MqttProperties.RESPONSE_TOPIC,
                            MqttProperties.CORRELATION_DATA,
                            MqttProperties.WILL_DELAY_INTERVAL,
                            MqttProperties.USER_PROPERTY)),
            Map.entry(
                    MqttPacket.CONNACK,
                    Set.of(
                            MqttProperties.SESSION_EXPIRY_INTERVAL,
                            MqttProperties.ASSIGNED_CLIENT_IDENTIFIER,
                            MqttProperties.SERVER_KEEP_ALIVE,
                            MqttProperties.AUTHENTICATION_METHOD,
                            MqttProperties.AUTHENTICATION_DATA,
                            MqttProperties.RESPONSE_INFORMATION,
                            MqttProperties.SERVER_REFERENCE,
                            MqttProperties.REASON_STRING,
                            MqttProperties.RECEIVE_MAXIMUM,
                            MqttProperties.TOPIC_ALIAS_MAXIMUM,
                            MqttProperties.MAXIMUM_QOS,
                            MqttProperties.RETAIN_AVAILABLE,
                            MqttProperties.USER_PROPERTY,
                            MqttProperties.MAXIMUM_PACKET_SIZE,
                            MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE,
                            MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                            MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE)),
            Map.entry(
                    MqttPacket.PUBLISH,
                    Set.of(
                            MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                            MqttProperties.MESSAGE_EXPIRY_INTERVAL,
                            MqttProperties.CONTENT_TYPE,
                            MqttProperties.RESPONSE_TOPIC,
                            MqttProperties.CORRELATION_DATA,
                            MqttProperties.SUBSCRIPTION_IDENTIFIER,
                            MqttProperties.TOPIC_ALIAS,
                            MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.PUBACK, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.PUBREC, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.PUBREL, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.PUBCOMP, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(
                    MqttPacket.SUBSCRIBE, Set.of(MqttProperties.SUBSCRIPTION_IDENTIFIER, MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.SUBACK, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.UNSUBSCRIBE, Set.of(MqttProperties.USER_PROPERTY)),
            Map.entry(MqttPacket.UNSUBACK, Set.of(MqttProperties.REASON_STRING, MqttProperties.USER_PROPERTY)),
            Map.entry(
                    MqttPacket.DISCONNECT,
                    Set.of(
                            MqttProperties.SESSION_EXPIRY_INTERVAL,
                            MqttProperties.SERVER_REFERENCE,
                            MqttProperties.REASON_STRING,
                            MqttProperties.USER_PROPERTY)),
            Map.entry(
                    MqttPacket.AUTH,
                    Set.of(
                            MqttProperties.AUTHENTICATION_METHOD,
                            MqttProperties.AUTHENTICATION_DATA,
                            MqttProperties.REASON_STRING,
                            MqttProperties.USER_PROPERTY)));

    /** Reads a property length and the properties; an unknown, misplaced or repeated property is malformed. */
    static MqttProperties properties(In in, int packetType) throws MalformedPacketException {
        int size = in.variableInteger();
        if (size > in.remaining()) {
            throw MalformedPacketException.malformed("property length beyond the packet");
        }
        int end = in.position() + size;
        MqttProperties.Builder props = MqttProperties.builder();
        Set<Integer> allowed = ALLOWED.get(packetType);
        while (in.position() < end) {
            int id = in.variableInteger();
            MqttProperties.Type kind = MqttProperties.typeOf(id);
            if (kind == null || !allowed.contains(id)) {
                throw MalformedPacketException.malformed(
                        "property 0x" + Integer.toHexString(id) + " is not allowed here");
            }
            if (props.has(id)) {
                throw MalformedPacketException.protocolError("property 0x" + Integer.toHexString(id) + " repeated");
            }
            switch (kind) {
                case BYTE -> props.integer(id, in.u8());
                case TWO_BYTE -> props.integer(id, in.u16());
                case FOUR_BYTE -> props.unsigned(id, in.u32());
                case VARIABLE -> {
                    int value = in.variableInteger();
                    if (value == 0) {
                        throw MalformedPacketException.protocolError("subscription identifier 0");
                    }
                    if (packetType != MqttPacket.PUBLISH
                            && !props.build().subscriptionIds().isEmpty()) {
                        throw MalformedPacketException.protocolError("subscription identifier repeated");
                    }
                    props.subscriptionId(value);
                }
                case UTF8 -> props.string(id, in.string());
                case BINARY -> props.binary(id, in.binary());
                case PAIR -> props.user(in.string(), in.string());
            }
        }
        if (in.position() != end) {
            throw MalformedPacketException.malformed("property length does not match the properties");
        }
        MqttProperties built = props.build();
        if (built.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR).orElse(0) > 1
                || built.integer(MqttProperties.REQUEST_PROBLEM_INFORMATION).orElse(0) > 1
                || built.integer(MqttProperties.REQUEST_RESPONSE_INFORMATION).orElse(0) > 1) {
            throw MalformedPacketException.protocolError("a byte property out of its range");
        }
        if (built.integer(MqttProperties.RECEIVE_MAXIMUM).map(v -> v == 0).orElse(false)
                || built.unsigned(MqttProperties.MAXIMUM_PACKET_SIZE)
                        .map(v -> v == 0)
                        .orElse(false)) {
            throw MalformedPacketException.protocolError("receive maximum or maximum packet size 0");
        }
        return built;
    }

    /** A bounds-checked reader over one packet. */
    static final class In {
        private final ByteBuffer buffer;

        In(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int remaining() {
            return buffer.remaining();
        }

        int position() {
            return buffer.position();
        }

        private void need(int count) throws MalformedPacketException {
            if (buffer.remaining() < count) {
                throw MalformedPacketException.malformed("packet ends early");
            }
        }

        int u8() throws MalformedPacketException {
            need(1);
            return buffer.get() & 0xFF;
        }

        int u16() throws MalformedPacketException {
            need(2);
            return buffer.getShort() & 0xFFFF;
        }

        long u32() throws MalformedPacketException {
            need(4);
            return buffer.getInt() & 0xFFFFFFFFL;
        }

        int variableInteger() throws MalformedPacketException {
            int value = 0;
            int shift = 0;
            for (int i = 0; i < 4; i++) {
                int b = u8();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
            throw MalformedPacketException.malformed("a variable byte integer longer than four bytes");
        }

        byte[] binary() throws MalformedPacketException {
            int size = u16();
            need(size);
            byte[] bytes = new byte[size];
            buffer.get(bytes);
            return bytes;
        }

        String string() throws MalformedPacketException {
            return utf8(binary());
        }

        byte[] rest() {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }

    /**
     * Decodes an MQTT UTF-8 string (MQTT 5.0 §1.5.4): well-formed UTF-8 (no encoded surrogates, no overlong forms)
     * without U+0000.
     */
    static String utf8(byte[] bytes) throws MalformedPacketException {
        Optional<String> text = strictUtf8(bytes);
        if (text.isEmpty() || text.get().indexOf('\0') >= 0) {
            throw MalformedPacketException.malformed("a string that is not well-formed UTF-8 or holds U+0000");
        }
        return text.get();
    }

    /** Decodes well-formed UTF-8, or empty when the bytes are not. */
    static Optional<String> strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    // ---- encoding ------------------------------------------------------------------------------------------

    /**
     * Writes one packet.
     *
     * @param packet the packet
     * @param level  the connection's protocol level (4 or 5); properties and reason codes are left out at 4
     * @return the packet's bytes, ready to send
     */
    static ByteBuffer encode(MqttPacket packet, int level) {
        boolean v5 = level == MqttPacket.V5;
        Out body = new Out();
        int flags = 0;
        switch (packet) {
            case Connect c -> {
                body.string(c.protocolName());
                body.u8(c.level());
                int f = (c.cleanStart() ? 0x02 : 0)
                        | (c.will().isPresent()
                                ? 0x04
                                        | (c.will().get().qos() << 3)
                                        | (c.will().get().retain() ? 0x20 : 0)
                                : 0)
                        | (c.password() != null ? 0x40 : 0)
                        | (c.userName() != null ? 0x80 : 0);
                body.u8(f);
                body.u16(c.keepAlive());
                if (c.level() == MqttPacket.V5) {
                    body.properties(c.properties());
                }
                body.string(c.clientId());
                if (c.will().isPresent()) {
                    Will will = c.will().get();
                    if (c.level() == MqttPacket.V5) {
                        body.properties(will.properties());
                    }
                    body.string(will.topic());
                    body.binary(will.payload());
                }
                if (c.userName() != null) {
                    body.string(c.userName());
                }
                if (c.password() != null) {
                    body.binary(c.password());
                }
            }
            case Connack c -> {
                body.u8(c.sessionPresent() ? 1 : 0);
                body.u8(c.reasonCode());
                if (v5) {
                    body.properties(c.properties());
                }
            }
            case Publish p -> {
                flags = (p.dup() ? 0x08 : 0) | (p.qos() << 1) | (p.retain() ? 1 : 0);
                body.string(p.topic());
                if (p.qos() > 0) {
                    body.u16(p.packetId());
                }
                if (v5) {
                    body.properties(p.properties());
                }
                body.bytes(p.payload());
            }
            case Ack a -> {
                flags = a.type() == MqttPacket.PUBREL ? 0b0010 : 0;
                body.u16(a.packetId());
                if (v5 && (a.reasonCode() != 0 || !a.properties().isEmpty())) {
                    body.u8(a.reasonCode());
                    if (!a.properties().isEmpty()) {
                        body.properties(a.properties());
                    }
                }
            }
            case Subscribe s -> {
                flags = 0b0010;
                body.u16(s.packetId());
                if (v5) {
                    body.properties(s.properties());
                }
                for (Subscription sub : s.subscriptions()) {
                    body.string(sub.filter());
                    body.u8(sub.qos()
                            | (sub.noLocal() ? 0x04 : 0)
                            | (sub.retainAsPublished() ? 0x08 : 0)
                            | (sub.retainHandling() << 4));
                }
            }
            case Suback s -> {
                body.u16(s.packetId());
                if (v5) {
                    body.properties(s.properties());
                }
                s.reasonCodes().forEach(body::u8);
            }
            case Unsubscribe u -> {
                flags = 0b0010;
                body.u16(u.packetId());
                if (v5) {
                    body.properties(u.properties());
                }
                u.filters().forEach(body::string);
            }
            case Unsuback u -> {
                body.u16(u.packetId());
                if (v5) {
                    body.properties(u.properties());
                    u.reasonCodes().forEach(body::u8);
                }
            }
            case PingReq p -> {
                // no body
            }
            case PingResp p -> {
                // no body
            }
            case Disconnect d -> {
                if (v5 && (d.reasonCode() != 0 || !d.properties().isEmpty())) {
                    body.u8(d.reasonCode());
                    body.properties(d.properties());
                }
            }
            case Auth a -> {
                body.u8(a.reasonCode());
                body.properties(a.properties());
            }
        }
        Out whole = new Out();
        whole.u8((packet.type() << 4) | flags);
        whole.variableInteger(body.size());
        whole.bytes(body.buffer, body.size);
        return ByteBuffer.wrap(whole.buffer, 0, whole.size);
    }

    /** The size {@link #encode} would give a packet whose body has {@code bodySize} bytes. */
    static int packetSize(int bodySize) {
        return 1 + variableIntegerSize(bodySize) + bodySize;
    }

    static int variableIntegerSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /** A growable byte writer. */
    static final class Out {
        private byte[] buffer = new byte[64];
        private int size;

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void u8(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void u16(int value) {
            u8(value >>> 8);
            u8(value);
        }

        void u32(long value) {
            u16((int) (value >>> 16) & 0xFFFF);
            u16((int) value & 0xFFFF);
        }

        void variableInteger(int value) {
            int rest = value;
            do {
                int b = rest & 0x7F;
                rest >>>= 7;
                u8(rest > 0 ? b | 0x80 : b);
            } while (rest > 0);
        }

        void bytes(byte[] bytes) {
            bytes(bytes, bytes.length);
        }

        void bytes(byte[] bytes, int count) {
            ensure(count);
            System.arraycopy(bytes, 0, buffer, size, count);
            size += count;
        }

        void binary(byte[] bytes) {
            u16(bytes.length);
            bytes(bytes);
        }

        void string(String text) {
            binary(text.getBytes(StandardCharsets.UTF_8));
        }

        void properties(MqttProperties props) {
            Out inner = new Out();
            for (Map.Entry<Integer, Object> entry : props.values().entrySet()) {
                int id = entry.getKey();
                inner.variableInteger(id);
                switch (MqttProperties.typeOf(id)) {
                    case BYTE -> inner.u8((Integer) entry.getValue());
                    case TWO_BYTE -> inner.u16((Integer) entry.getValue());
                    case FOUR_BYTE -> inner.u32((Long) entry.getValue());
                    case UTF8 -> inner.string((String) entry.getValue());
                    case BINARY -> inner.binary((byte[]) entry.getValue());
                    default -> throw new IllegalStateException("property 0x" + Integer.toHexString(id));
                }
            }
            for (int id : props.subscriptionIds()) {
                inner.variableInteger(MqttProperties.SUBSCRIPTION_IDENTIFIER);
                inner.variableInteger(id);
            }
            for (Map.Entry<String, String> pair : props.userProperties()) {
                inner.variableInteger(MqttProperties.USER_PROPERTY);
                inner.string(pair.getKey());
                inner.string(pair.getValue());
            }
            variableInteger(inner.size);
            bytes(inner.buffer, inner.size);
        }
    }
}
