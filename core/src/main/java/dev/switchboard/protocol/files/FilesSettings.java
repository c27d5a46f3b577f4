package dev.switchboard.protocol.files;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The Files protocol's settings, from the {@code switchboard.files.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param spoolDirectory         where uploads are written while they arrive
 * @param maxChunkBytes          largest payload of one packet
 * @param maxFileBytes           largest file an upload may announce
 * @param anonymousMaxFileBytes  largest file an upload without login may announce
 * @param maxTransfersPerUser    uploads one user may have in progress or awaiting resume
 * @param maxSpoolBytesPerUser   bytes one user's uploads may reserve in the spool directory
 * @param maxSpoolBytes          bytes all uploads together may reserve in the spool directory
 * @param qosInterval            how often QoS 2 transfers are checked for packets to send again
 * @param qosTimeout             how long a QoS 2 packet may stay unanswered before it is sent again
 * @param resumeWindow           how long an interrupted QoS 2 upload waits for its client
 * @param keepReceived           whether a received file stays in the spool directory after the event
 * @param downloadResumeWindow   how long an interrupted QoS 2 download to a logged-in user waits for the user
 * @param maxKeptDownloadsPerUser interrupted downloads kept for one user; the oldest is dropped past it
 * @param maxKeptDownloads       interrupted downloads kept for all users together; the oldest is dropped past it
 */
public record FilesSettings(
        Path spoolDirectory,
        int maxChunkBytes,
        long maxFileBytes,
        long anonymousMaxFileBytes,
        int maxTransfersPerUser,
        long maxSpoolBytesPerUser,
        long maxSpoolBytes,
        Duration qosInterval,
        Duration qosTimeout,
        Duration resumeWindow,
        boolean keepReceived,
        Duration downloadResumeWindow,
        int maxKeptDownloadsPerUser,
        int maxKeptDownloads) {

    /** The documented defaults. */
    public static final FilesSettings DEFAULTS = new FilesSettings(
            defaultSpoolDirectory(),
            512 << 10,
            100L << 20,
            16L << 20,
            4,
            1L << 30,
            10L << 30,
            Duration.ofSeconds(60),
            Duration.ofSeconds(300),
            Duration.ofMinutes(10),
            false,
            Duration.ofMinutes(10),
            8,
            1024);

    /** Validates. */
    public FilesSettings {
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (maxChunkBytes <= 0
                || maxFileBytes < 0
                || anonymousMaxFileBytes < 0
                || maxTransfersPerUser <= 0
                || maxSpoolBytesPerUser <= 0
                || maxSpoolBytes <= 0
                || maxKeptDownloadsPerUser <= 0
                || maxKeptDownloads <= 0) {
            throw new IllegalArgumentException("Files limits must be positive: chunk " + maxChunkBytes + ", file "
                    + maxFileBytes + ", anonymous file " + anonymousMaxFileBytes + ", transfers " + maxTransfersPerUser
                    + ", spool " + maxSpoolBytesPerUser + ", total spool " + maxSpoolBytes + ", kept downloads "
                    + maxKeptDownloadsPerUser + " per user and " + maxKeptDownloads + " in all");
        }
        Objects.requireNonNull(downloadResumeWindow, "downloadResumeWindow");
        if (qosInterval.toMillis() <= 0
                || qosTimeout.isNegative()
                || resumeWindow.isNegative()
                || downloadResumeWindow.isNegative()) {
            throw new IllegalArgumentException(
                    "Files QoS interval must be positive, timeout and resume windows not negative");
        }
    }

    /** The default spool directory: {@code switchboard-files} under {@code java.io.tmpdir}. */
    static Path defaultSpoolDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "switchboard-files");
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static FilesSettings read(ConfigReader reader) {
        FilesSettings d = DEFAULTS;
        long resumeSeconds = reader.getLong(ConfigKeys.FILES_RESUME_WINDOW, d.resumeWindow.toSeconds());
        return new FilesSettings(
                Path.of(reader.getString(ConfigKeys.FILES_SPOOL_DIRECTORY, d.spoolDirectory.toString())),
                reader.getInt(ConfigKeys.FILES_MAX_CHUNK_BYTES, d.maxChunkBytes),
                reader.getLong(ConfigKeys.FILES_MAX_FILE_BYTES, d.maxFileBytes),
                reader.getLong(ConfigKeys.FILES_ANONYMOUS_MAX_FILE_BYTES, d.anonymousMaxFileBytes),
                reader.getInt(ConfigKeys.FILES_MAX_TRANSFERS_PER_USER, d.maxTransfersPerUser),
                reader.getLong(ConfigKeys.FILES_MAX_SPOOL_BYTES_PER_USER, d.maxSpoolBytesPerUser),
                reader.getLong(ConfigKeys.FILES_MAX_SPOOL_BYTES, d.maxSpoolBytes),
                Duration.ofSeconds(reader.getLong(ConfigKeys.FILES_QOS_INTERVAL, d.qosInterval.toSeconds())),
                Duration.ofSeconds(reader.getLong(ConfigKeys.FILES_QOS_TIMEOUT, d.qosTimeout.toSeconds())),
                Duration.ofSeconds(resumeSeconds),
                reader.getBoolean(ConfigKeys.FILES_KEEP_RECEIVED, d.keepReceived),
                // Unset, downloads wait as long as uploads do: one window for both directions of a transfer.
                Duration.ofSeconds(reader.getLong(ConfigKeys.FILES_DOWNLOAD_RESUME_WINDOW, resumeSeconds)),
                reader.getInt(ConfigKeys.FILES_MAX_KEPT_DOWNLOADS_PER_USER, d.maxKeptDownloadsPerUser),
                reader.getInt(ConfigKeys.FILES_MAX_KEPT_DOWNLOADS, d.maxKeptDownloads));
    }
}
