package dev.switchboard.protocol.files;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One packet of the Files protocol: the twelve header fields and the payload. Control packets (acknowledgments,
 * {@code sgc@filerec}, results and errors) have an empty payload.
 *
 * @param id           the packet's own id
 * @param fileId       the transfer's id, chosen by the sender
 * @param fileName     the file's name as the sender gave it
 * @param fileSize     the whole file's size in bytes
 * @param filePosition in a data packet, the sender's position after the chunk; in a filerec, where to send from
 * @param bufferSize   the sender's packet size
 * @param data         the sender's free text about the file
 * @param streaming    the packet's place in the transfer
 * @param qos          the transfer's QoS level, 0 to 2
 * @param method       what the packet is
 * @param text         an error's text
 * @param channel      the channel the file is for, possibly empty
 * @param payload      the chunk's bytes, read-only
 */
record FilePacket(
        String id,
        String fileId,
        String fileName,
        long fileSize,
        long filePosition,
        long bufferSize,
        String data,
        Streaming streaming,
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

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** A packet's place in a transfer, as the wire names it. */
    enum Streaming {
        /** The header packet that opens a transfer. */
        stmNone,
        /** The first chunk. */
        stmFirst,
        /** A chunk in the middle. */
        stmContinue,
        /** The last chunk. */
        stmLast,
        /** The only chunk. */
        stmContinueAndLast;

        boolean last() {
            return this == stmLast || this == stmContinueAndLast;
        }
    }

    /** Validates. */
    FilePacket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(channel, "channel");
        payload = payload == null ? EMPTY : payload;
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + qos);
        }
    }

    /** This header with another method, id, position and text, and no payload: how control packets are made. */
    FilePacket control(String newMethod, String newId, long position, String newText) {
        return new FilePacket(
                newId,
                fileId,
                fileName,
                fileSize,
                position,
                bufferSize,
                data,
                streaming,
                qos,
                newMethod,
                newText,
                channel,
                EMPTY);
    }

    /** This header carrying a chunk. */
    FilePacket chunk(String newId, Streaming place, long positionAfter, ByteBuffer bytes) {
        return new FilePacket(
                newId,
                fileId,
                fileName,
                fileSize,
                positionAfter,
                bufferSize,
                data,
                place,
                qos,
                FILE,
                "",
                channel,
                bytes);
    }

    boolean isData() {
        return streaming != Streaming.stmNone;
    }
}
