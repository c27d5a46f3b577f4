package dev.switchboard.protocol.files;

import java.util.Objects;

/**
 * How {@link FilesGateway} sends a file.
 *
 * @param qos        the QoS level, 0 (pushed, paced by the connection's queue), 1 (each chunk after the previous one
 *                   is acknowledged) or 2 (each chunk when the client asks for it; sent again after
 *                   {@code switchboard.files.qos-timeout})
 * @param bufferSize bytes per packet; 0 or more than the bound (the smaller of {@code switchboard.files.max-chunk-bytes}
 *                   and a quarter of {@code switchboard.outbound.max-bytes}) sends packets of the bound
 * @param data       free text the client receives with the file (no {@code |}), possibly empty
 */
public record FileOptions(int qos, int bufferSize, String data) {

    /** QoS 0, packets of 65536 bytes, no data. */
    public static final FileOptions DEFAULTS = new FileOptions(0, 65_536, "");

    /** Validates. */
    public FileOptions {
        Objects.requireNonNull(data, "data");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + qos);
        }
        if (bufferSize < 0) {
            throw new IllegalArgumentException("bufferSize must not be negative: " + bufferSize);
        }
        if (data.indexOf('|') >= 0) {
            throw new IllegalArgumentException("data must not contain '|'");
        }
    }

    /**
     * These options at another QoS level.
     *
     * @param level 0, 1 or 2
     * @return the options
     */
    public FileOptions withQos(int level) {
        return new FileOptions(level, bufferSize, data);
    }
}
