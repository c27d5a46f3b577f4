package dev.switchboard.client.files;

import java.util.Objects;

/**
 * How a file is sent.
 *
 * @param qos        the QoS level: 0 (chunks pushed, no answers), 1 (each chunk acknowledged before the next) or 2
 *     (the server asks for each chunk, and an upload resumes after a reconnect)
 * @param bufferSize the chunk size in bytes, 1 to {@link #MAX_BUFFER_SIZE}; the server refuses chunks above its own
 *     limit (512 KiB by default)
 * @param channel    the channel the file is for, or empty
 * @param data       free text about the file that the server's application sees, or empty
 * @param fileId     the transfer's id, or empty for a random one; an upload sent again with the same id at QoS 2
 *     continues where the server stopped
 */
public record FileOptions(int qos, int bufferSize, String channel, String data, String fileId) {

    /** The default chunk size: 64 KiB. */
    public static final int DEFAULT_BUFFER_SIZE = 64 << 10;

    /** The largest chunk size this client sends: 16 MiB. */
    public static final int MAX_BUFFER_SIZE = 16 << 20;

    /** QoS 0, 64 KiB chunks, no channel, no data, a random file id. */
    public static final FileOptions DEFAULTS = new FileOptions(0, DEFAULT_BUFFER_SIZE, "", "", "");

    /** Validates: no text field may contain {@code |}, the field separator of the wire format. */
    public FileOptions {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + qos);
        }
        if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("bufferSize must be 1 to " + MAX_BUFFER_SIZE + ": " + bufferSize);
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(fileId, "fileId");
        for (String field : new String[] {channel, data, fileId}) {
            if (field.indexOf('|') >= 0) {
                throw new IllegalArgumentException("a Files header field must not contain '|': " + field);
            }
        }
    }

    /** These options at another QoS level. */
    public FileOptions withQos(int level) {
        return new FileOptions(level, bufferSize, channel, data, fileId);
    }

    /** These options with another chunk size. */
    public FileOptions withBufferSize(int bytes) {
        return new FileOptions(qos, bytes, channel, data, fileId);
    }

    /** These options for a channel. */
    public FileOptions withChannel(String name) {
        return new FileOptions(qos, bufferSize, name, data, fileId);
    }

    /** These options with free text about the file. */
    public FileOptions withData(String text) {
        return new FileOptions(qos, bufferSize, channel, text, fileId);
    }

    /** These options with a chosen file id. */
    public FileOptions withFileId(String id) {
        return new FileOptions(qos, bufferSize, channel, data, id);
    }
}
