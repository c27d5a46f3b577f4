package dev.switchboard.client.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Files packet and its framing: ten ASCII digits giving the header's byte length, the UTF-8 header of twelve
 * {@code |}-separated fields ({@code Id|FileId|FileName|FileSize|FilePosition|BufferSize|Data|Streaming|QoS|Method|
 * Text|Channel}), then the payload. Reading is linear in the message and bounded by {@link #MAX_HEADER_BYTES}.
 */
record Packet(
        String id,
        String fileId,
        String fileName,
        long fileSize,
        long position,
        long bufferSize,
        String data,
        String streaming,
        int qos,
        String method,
        String text,
        String channel,
        ByteBuffer payload) {

    static final String FILE = "sgc@file";
    static final String ACKNOWLEDGMENT = "sgc@acknowledgment";
    static final String FILEREC = "sgc@filerec";
    static final String FILE_RECEIVED = "sgc@file_received";
    static final String FILE_SENT_ERROR = "sgc@file_sent_error";
    static final String FILE_RECEIVED_ERROR = "sgc@file_received_error";

    static final String HEADER = "stmNone";
    static final String CONTINUE = "stmContinue";
    static final String LAST = "stmLast";

    /** The largest header read or written, as the server's. */
    static final int MAX_HEADER_BYTES = 8192;

    private static final int PREFIX = 10;
    private static final int FIELDS = 12;
    private static final int MAX_DIGITS = 18;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Whether this is the last chunk of a transfer. */
    boolean last() {
        return streaming.equals(LAST) || streaming.equals("stmContinueAndLast");
    }

    /** This header as a control packet: another method, id, position and text, no payload. */
    Packet control(String newMethod, String newId, long newPosition, String newText) {
        return new Packet(
                newId,
                fileId,
                fileName,
                fileSize,
                newPosition,
                bufferSize,
                data,
                streaming,
                qos,
                newMethod,
                newText.replace('|', '/'),
                channel,
                EMPTY);
    }

    /** This header carrying a chunk that ends at {@code after}. */
    Packet chunk(String newId, boolean isLast, long after, ByteBuffer bytes) {
        return new Packet(
                newId,
                fileId,
                fileName,
                fileSize,
                after,
                bufferSize,
                data,
                isLast ? LAST : CONTINUE,
                qos,
                FILE,
                "",
                channel,
                bytes);
    }

    ByteBuffer encode() {
        String header = String.join(
                "|",
                id,
                fileId,
                fileName,
                Long.toString(fileSize),
                Long.toString(position),
                Long.toString(bufferSize),
                data,
                streaming,
                "qosLevel" + qos,
                method,
                text,
                channel);
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        if (headerBytes.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("a Files header may hold " + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer bytes = payload.duplicate();
        ByteBuffer out = ByteBuffer.allocate(PREFIX + headerBytes.length + bytes.remaining());
        String length = Integer.toString(headerBytes.length);
        for (int i = length.length(); i < PREFIX; i++) {
            out.put((byte) '0');
        }
        out.put(length.getBytes(StandardCharsets.US_ASCII)).put(headerBytes).put(bytes);
        return out.flip();
    }

    /**
     * Reads a packet.
     *
     * @throws IllegalArgumentException when the message is not a Files packet
     */
    static Packet decode(ByteBuffer message) {
        ByteBuffer in = message.duplicate();
        if (in.remaining() < PREFIX) {
            throw new IllegalArgumentException("a Files packet starts with a ten-digit header length");
        }
        int length = 0;
        for (int i = 0; i < PREFIX; i++) {
            byte b = in.get();
            if (b < '0' || b > '9') {
                throw new IllegalArgumentException("the header length must be ten ASCII digits");
            }
            length = length * 10 + (b - '0');
            if (length > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("a Files header may hold " + MAX_HEADER_BYTES + " bytes");
            }
        }
        if (length > in.remaining()) {
            throw new IllegalArgumentException("the header length is longer than the message");
        }
        String header;
        try {
            header = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.slice(in.position(), length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the header is not valid UTF-8");
        }
        in.position(in.position() + length);
        List<String> fields = new ArrayList<>(FIELDS);
        int start = 0;
        for (int i = 0; i < header.length() && fields.size() < FIELDS; i++) {
            if (header.charAt(i) == '|') {
                fields.add(header.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(header.substring(start));
        if (fields.size() != FIELDS) {
            throw new IllegalArgumentException("Error decoding message: a header has " + FIELDS + " fields");
        }
        String qos = fields.get(8);
        int level = switch (qos) {
            case "qosLevel0" -> 0;
            case "qosLevel1" -> 1;
            case "qosLevel2" -> 2;
            default -> throw new IllegalArgumentException("unknown QoS level");
        };
        return new Packet(
                fields.get(0),
                fields.get(1),
                fields.get(2),
                number(fields.get(3)),
                number(fields.get(4)),
                number(fields.get(5)),
                fields.get(6),
                fields.get(7),
                level,
                fields.get(9),
                fields.get(10),
                fields.get(11),
                in.slice());
    }

    private static long number(String value) {
        if (value.isEmpty() || value.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("a number of 1 to " + MAX_DIGITS + " digits was expected");
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("a number holds only the digits 0 to 9");
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }
}
