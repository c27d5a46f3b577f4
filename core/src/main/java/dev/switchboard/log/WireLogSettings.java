package dev.switchboard.log;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The wire log's settings, read once at start.
 *
 * @param enabled      every connection is logged ({@value ConfigKeys#WIRELOG_ENABLED})
 * @param users        connections of these principals are logged
 * @param addresses    connections from these client addresses are logged
 * @param subprotocols connections with these subprotocols are logged
 * @param file         the log file; rotated files get {@code .1} .. {@code .N} appended
 * @param maxSize      bytes the file may reach before it is rotated
 * @param maxFiles     rotated files kept
 * @param queue        frames waiting to be written before further frames are dropped and counted
 * @param maxPayload   characters of a text payload, or bytes of a binary one (before base64), written per frame
 */
public record WireLogSettings(
        boolean enabled,
        Set<String> users,
        Set<String> addresses,
        Set<String> subprotocols,
        Path file,
        long maxSize,
        int maxFiles,
        int queue,
        int maxPayload) {

    /** Default {@link #maxSize}: 10 MB. */
    public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;
    /** Default {@link #maxFiles}. */
    public static final int DEFAULT_MAX_FILES = 5;
    /** Default {@link #queue}: frames waiting for the writer. */
    public static final int DEFAULT_QUEUE = 10_000;
    /** Default {@link #maxPayload}. */
    public static final int DEFAULT_MAX_PAYLOAD = 4096;
    /** File name of the wire log in the data directory or the temporary directory. */
    public static final String DEFAULT_FILE_NAME = "switchboard-wire.log";

    /** Validates. */
    public WireLogSettings {
        users = Set.copyOf(users);
        addresses = Set.copyOf(addresses);
        subprotocols = Set.copyOf(subprotocols);
        Objects.requireNonNull(file, "file");
        if (maxSize < 1024) {
            throw new IllegalArgumentException(
                    ConfigKeys.WIRELOG_MAX_SIZE + " must be at least 1024 bytes: " + maxSize);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException(ConfigKeys.WIRELOG_MAX_FILES + " must be at least 1: " + maxFiles);
        }
        if (queue < 1) {
            throw new IllegalArgumentException(ConfigKeys.WIRELOG_QUEUE + " must be at least 1: " + queue);
        }
        if (maxPayload < 0) {
            throw new IllegalArgumentException(ConfigKeys.WIRELOG_MAX_PAYLOAD + " must not be negative: " + maxPayload);
        }
    }

    /**
     * Whether a match rule names any connection.
     *
     * @return true when users, addresses or subprotocols are configured
     */
    public boolean hasRules() {
        return !users.isEmpty() || !addresses.isEmpty() || !subprotocols.isEmpty();
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static WireLogSettings read(ConfigReader reader) {
        Path defaultFile = reader.get(ConfigKeys.DATA_DIR)
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")))
                .resolve(DEFAULT_FILE_NAME);
        return new WireLogSettings(
                reader.getBoolean(ConfigKeys.WIRELOG_ENABLED, false),
                Set.copyOf(reader.getList(ConfigKeys.WIRELOG_USERS, List.of())),
                Set.copyOf(reader.getList(ConfigKeys.WIRELOG_ADDRESSES, List.of())),
                Set.copyOf(reader.getList(ConfigKeys.WIRELOG_SUBPROTOCOLS, List.of())),
                reader.get(ConfigKeys.WIRELOG_FILE).map(Path::of).orElse(defaultFile),
                reader.getLong(ConfigKeys.WIRELOG_MAX_SIZE, DEFAULT_MAX_SIZE),
                reader.getInt(ConfigKeys.WIRELOG_MAX_FILES, DEFAULT_MAX_FILES),
                reader.getInt(ConfigKeys.WIRELOG_QUEUE, DEFAULT_QUEUE),
                reader.getInt(ConfigKeys.WIRELOG_MAX_PAYLOAD, DEFAULT_MAX_PAYLOAD));
    }
}
