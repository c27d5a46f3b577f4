package dev.switchboard.api.event;

import dev.switchboard.api.Connection;
import java.nio.file.Path;

/**
 * A file upload over the Files protocol is complete and its size checked; fired as a CDI event (observe it with
 * {@code @Observes}) on the uploading connection's inbound thread, before the client is told. The observer may move
 * the file away; whatever is still at {@code path} afterwards is deleted unless {@code switchboard.files.keep-received}
 * is true.
 *
 * @param connection the uploading connection
 * @param fileName   the file's name, as the client gave it (already checked to be one plain path element)
 * @param fileSize   the size in bytes
 * @param channel    the channel the client named, possibly empty
 * @param data       the client's free text about the file, possibly empty
 * @param path       where the bytes are, in the spool directory
 */
public record FileReceivedEvent(
        Connection connection, String fileName, long fileSize, String channel, String data, Path path) {}
