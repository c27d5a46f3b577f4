package dev.switchboard.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MQTT 3.1.1 packets the driver sends, and a reader of the packets it receives. The driver's side only:
 * CONNECT, SUBSCRIBE and PUBLISH (QoS 0) out; CONNACK, SUBACK and PUBLISH in (anything else is passed on by type).
 *
 * <p>MQTT over WebSocket is a byte stream cut into binary messages anywhere: one message may hold several packets,
 * or a part of one (Mosquitto's WebSocket listener does both under load). The reader keeps the incomplete tail of a
 * packet and reads the rest from the next message.
 */
final class MqttPackets {

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;

    private MqttPackets() {}

    /**
     * One received packet.
     *
     * @param type  the packet type (the high nibble of the first byte)
     * @param flags the low nibble of the first byte
     * @param body  the variable header and payload
     */
    record Packet(int type, int flags, byte[] body) {

        /** The topic of a PUBLISH. */
        String topic() {
            requireType(PUBLISH);
            int length = u16(0);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        /** The application message of a PUBLISH: after the topic, and the packet id when QoS is above 0. */
        byte[] payload() {
            requireType(PUBLISH);
            int qos = (flags >> 1) & 3;
            int start = 2 + u16(0) + (qos > 0 ? 2 : 0);
            if (start > body.length) {
                throw new MalformedPacketException("PUBLISH shorter than its topic");
            }
            return Arrays.copyOfRange(body, start, body.length);
        }

        /** The packet id of a SUBACK. */
        int packetId() {
            requireType(SUBACK);
            return u16(0);
        }

        /** The return codes of a SUBACK, one per requested filter (0x80 for a refused one). */
        byte[] returnCodes() {
            requireType(SUBACK);
            return Arrays.copyOfRange(body, 2, body.length);
        }

        /** The return code of a CONNACK (0 accepted). */
        int connectReturnCode() {
            requireType(CONNACK);
            if (body.length < 2) {
                throw new MalformedPacketException("CONNACK shorter than 2 bytes");
            }
            return body[1] & 0xFF;
        }

        private int u16(int at) {
            if (body.length < at + 2) {
                throw new MalformedPacketException("packet of type " + type + " too short");
            }
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        private void requireType(int expected) {
            if (type != expected) {
                throw new IllegalStateException("packet of type " + type + ", not " + expected);
            }
        }
    }

    /** Thrown for a packet the reader cannot accept: malformed, or larger than its bound. */
    static final class MalformedPacketException extends RuntimeException {
        MalformedPacketException(String message) {
            super(message);
        }
    }

    /**
     * CONNECT, MQTT 3.1.1 (protocol level 4), clean session, no will or credentials. The keep-alive is the largest
     * there is, 65,535 s: a subscriber sends nothing for whole rounds, and a shorter one would need PINGREQs that
     * would add traffic of their own.
     */
    static ByteBuffer connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        Writer out = new Writer(CONNECT << 4);
        out.string("MQTT".getBytes(StandardCharsets.US_ASCII));
        out.byteValue(4);
        out.byteValue(0x02);
        out.u16(0xFFFF);
        out.string(id);
        return out.packet();
    }

    /** SUBSCRIBE to one topic filter at QoS 0. */
    static ByteBuffer subscribe(int packetId, String filter) {
        Writer out = new Writer((SUBSCRIBE << 4) | 0x02);
        out.u16(packetId);
        out.string(filter.getBytes(StandardCharsets.UTF_8));
        out.byteValue(0);
        return out.packet();
    }

    /** PUBLISH at QoS 0, not retained. */
    static ByteBuffer publish(String topic, byte[] payload) {
        Writer out = new Writer(PUBLISH << 4);
        out.string(topic.getBytes(StandardCharsets.UTF_8));
        out.bytes(payload);
        return out.packet();
    }

    /** Writes a packet's body, then frames it with the fixed header (remaining length as a variable byte integer). */
    private static final class Writer {
        private final int first;
        private byte[] body = new byte[64];
        private int size;

        Writer(int first) {
            this.first = first;
        }

        void byteValue(int value) {
            ensure(1);
            body[size++] = (byte) value;
        }

        void u16(int value) {
            byteValue(value >> 8);
            byteValue(value);
        }

        void string(byte[] utf8) {
            if (utf8.length > 0xFFFF) {
                throw new IllegalArgumentException("string longer than 65,535 bytes");
            }
            u16(utf8.length);
            bytes(utf8);
        }

        void bytes(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, body, size, value.length);
            size += value.length;
        }

        private void ensure(int more) {
            if (size + more > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, size + more));
            }
        }

        ByteBuffer packet() {
            if (size > MAX_REMAINING_LENGTH) {
                throw new IllegalArgumentException("packet larger than MQTT allows");
            }
            ByteBuffer out = ByteBuffer.allocate(1 + 4 + size);
            out.put((byte) first);
            int remaining = size;
            do {
                int digit = remaining % 128;
                remaining /= 128;
                out.put((byte) (remaining > 0 ? digit | 0x80 : digit));
            } while (remaining > 0);
            out.put(body, 0, size);
            return out.flip();
        }
    }

    /** The largest remaining length four variable-byte digits hold (MQTT 3.1.1 § 2.2.3). */
    static final int MAX_REMAINING_LENGTH = 268_435_455;

    /**
     * Reads packets from a stream of binary WebSocket messages. Not thread-safe: one per connection, fed from its
     * (serial) listener.
     */
    static final class Reader {

        private final int maxPacketBytes;
        private byte[] pending = new byte[0];
        private int pendingSize;

        /** @param maxPacketBytes the largest packet accepted, fixed header included */
        Reader(int maxPacketBytes) {
            this.maxPacketBytes = maxPacketBytes;
        }

        /** A reader accepting packets of up to 1 MiB. */
        Reader() {
            this(1 << 20);
        }

        /**
         * Takes one binary message and returns the packets it completes, in order.
         *
         * @throws MalformedPacketException when a remaining length is malformed or a packet is too large
         */
        List<Packet> feed(ByteBuffer message) {
            List<Packet> packets = new ArrayList<>(1);
            byte[] source;
            int start;
            int end;
            if (pendingSize == 0 && message.hasArray()) {
                // The usual case, whole packets: read them in place.
                source = message.array();
                start = message.arrayOffset() + message.position();
                end = start + message.remaining();
            } else {
                append(message);
                source = pending;
                start = 0;
                end = pendingSize;
            }
            while (start < end) {
                int next = parse(source, start, end, packets);
                if (next < 0) {
                    break;
                }
                start = next;
            }
            if (source == pending) {
                System.arraycopy(pending, start, pending, 0, end - start);
                pendingSize = end - start;
            } else if (start < end) {
                pendingSize = 0;
                append(ByteBuffer.wrap(source, start, end - start));
            }
            return packets;
        }

        private void append(ByteBuffer message) {
            int more = message.remaining();
            if (pendingSize + more > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingSize + more, pending.length * 2));
            }
            message.duplicate().get(pending, pendingSize, more);
            pendingSize += more;
        }

        /** Parses one packet at {@code start}; returns the index after it, or -1 when it is not complete yet. */
        private int parse(byte[] source, int start, int end, List<Packet> packets) {
            int position = start + 1;
            int remaining = 0;
            int multiplier = 1;
            for (int digits = 0; ; digits++) {
                if (digits == 4) {
                    throw new MalformedPacketException("remaining length longer than 4 bytes");
                }
                if (position >= end) {
                    return -1;
                }
                int digit = source[position++] & 0xFF;
                remaining += (digit & 0x7F) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) == 0) {
                    break;
                }
            }
            if ((long) remaining + (position - start) > maxPacketBytes) {
                throw new MalformedPacketException(
                        "packet of " + (remaining + (position - start)) + " bytes, above " + maxPacketBytes);
            }
            if (end - position < remaining) {
                return -1;
            }
            int first = source[start] & 0xFF;
            packets.add(
                    new Packet(first >> 4, first & 0x0F, Arrays.copyOfRange(source, position, position + remaining)));
            return position + remaining;
        }
    }
}
