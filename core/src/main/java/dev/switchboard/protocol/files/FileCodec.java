package dev.switchboard.protocol.files;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.protocol.files.FilePacket.Streaming;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the Files protocol's binary framing: ten ASCII digits giving the header's byte length, the
 * UTF-8 header of twelve {@code |}-separated fields, then the payload. Every read is linear in the message and
 * bounded by the header limit; nothing the client sends is matched with a regular expression.
 */
final class FileCodec {

    /** The length prefix: ten ASCII digits. */
    static final int PREFIX_LENGTH = 10;

    /** The header fields, in their wire order. */
    static final int FIELD_COUNT = 12;

    /** The largest header accepted, in bytes. */
    static final int MAX_HEADER_BYTES = 8192;

    /** Digits of the largest number a numeric field may hold (below {@link Long#MAX_VALUE}). */
    private static final int MAX_NUMBER_DIGITS = 18;

    private FileCodec() {}

    /**
     * Reads one packet.
     *
     * @param message the binary message
     * @return the packet; its payload is a read-only view of the message
     * @throws MalformedFilePacketException when it is not a valid packet
     */
    static FilePacket decode(ByteBuffer message) throws MalformedFilePacketException {
        ByteBuffer in = message.duplicate();
        if (in.remaining() < PREFIX_LENGTH) {
            throw new MalformedFilePacketException(
                    CloseCodes.PROTOCOL_ERROR, "a file packet starts with a ten-digit header length");
        }
        long headerLength = 0;
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            byte b = in.get();
            if (b < '0' || b > '9') {
                throw new MalformedFilePacketException(
                        CloseCodes.PROTOCOL_ERROR, "the header length must be ten ASCII digits");
            }
            headerLength = headerLength * 10 + (b - '0');
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new MalformedFilePacketException(
                    CloseCodes.MESSAGE_TOO_BIG, "a file packet header may hold " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > in.remaining()) {
            throw new MalformedFilePacketException(
                    CloseCodes.PROTOCOL_ERROR, "the header length is longer than the message");
        }
        ByteBuffer headerBytes = in.slice(in.position(), (int) headerLength);
        in.position(in.position() + (int) headerLength);
        String header;
        try {
            header = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFilePacketException(CloseCodes.INVALID_PAYLOAD, "the header is not valid UTF-8");
        }
        List<String> fields = split(header);
        if (fields.size() != FIELD_COUNT) {
            throw new MalformedFilePacketException(
                    0, "Error decoding message: a header has " + FIELD_COUNT + " fields, not " + fields.size());
        }
        return new FilePacket(
                fields.get(0),
                fields.get(1),
                fields.get(2),
                number("FileSize", fields.get(3)),
                number("FilePosition", fields.get(4)),
                number("BufferSize", fields.get(5)),
                fields.get(6),
                streaming(fields.get(7)),
                qos(fields.get(8)),
                method(fields.get(9)),
                fields.get(10),
                fields.get(11),
                in.slice().asReadOnlyBuffer());
    }

    /**
     * Writes one packet.
     *
     * @param packet the packet; no text field may contain {@code |}
     * @return the message, ready to send
     */
    static ByteBuffer encode(FilePacket packet) {
        StringBuilder header = new StringBuilder(128);
        appendField(header, packet.id()).append('|');
        appendField(header, packet.fileId()).append('|');
        appendField(header, packet.fileName()).append('|');
        header.append(packet.fileSize()).append('|');
        header.append(packet.filePosition()).append('|');
        header.append(packet.bufferSize()).append('|');
        appendField(header, packet.data()).append('|');
        header.append(packet.streaming().name()).append('|');
        header.append("qosLevel").append(packet.qos()).append('|');
        appendField(header, packet.method()).append('|');
        appendField(header, packet.text()).append('|');
        appendField(header, packet.channel());
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = packet.payload().duplicate();
        ByteBuffer out = ByteBuffer.allocate(PREFIX_LENGTH + headerBytes.length + payload.remaining());
        String length = Integer.toString(headerBytes.length);
        for (int i = length.length(); i < PREFIX_LENGTH; i++) {
            out.put((byte) '0');
        }
        out.put(length.getBytes(StandardCharsets.US_ASCII));
        out.put(headerBytes);
        out.put(payload);
        return out.flip();
    }

    private static StringBuilder appendField(StringBuilder header, String value) {
        if (value.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a file packet field must not contain '|': " + value);
        }
        return header.append(value);
    }

    private static List<String> split(String header) {
        List<String> fields = new ArrayList<>(FIELD_COUNT);
        int start = 0;
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) == '|') {
                fields.add(header.substring(start, i));
                start = i + 1;
                if (fields.size() > FIELD_COUNT) {
                    // Enough to know the count is wrong; the rest is not looked at.
                    return fields;
                }
            }
        }
        fields.add(header.substring(start));
        return fields;
    }

    private static long number(String name, String value) throws MalformedFilePacketException {
        if (value.isEmpty() || value.length() > MAX_NUMBER_DIGITS) {
            throw new MalformedFilePacketException(
                    0, name + " must be a number of 1 to " + MAX_NUMBER_DIGITS + " digits");
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedFilePacketException(0, name + " must hold only the digits 0 to 9");
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    private static Streaming streaming(String value) throws MalformedFilePacketException {
        for (Streaming s : Streaming.values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        throw new MalformedFilePacketException(
                0, "Streaming must be one of stmNone, stmFirst, stmContinue, " + "stmLast, stmContinueAndLast");
    }

    private static int qos(String value) throws MalformedFilePacketException {
        return switch (value) {
            case "qosLevel0" -> 0;
            case "qosLevel1" -> 1;
            case "qosLevel2" -> 2;
            default -> throw new MalformedFilePacketException(0, "QoS must be qosLevel0, qosLevel1 or qosLevel2");
        };
    }

    private static String method(String value) throws MalformedFilePacketException {
        return switch (value) {
            case FilePacket.FILE,
                    FilePacket.ACKNOWLEDGMENT,
                    FilePacket.FILEREC,
                    FilePacket.FILE_RECEIVED,
                    FilePacket.FILE_SENT_ERROR,
                    FilePacket.FILE_RECEIVED_ERROR -> value;
            default -> throw new MalformedFilePacketException(0, "unknown method");
        };
    }
}
