package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A client announces a file upload over the Files protocol ({@code files.esegece.com}); given to every
 * {@link dev.switchboard.spi.FileUploadHandler} before a byte is stored. The name has already passed the protocol's
 * checks (one plain path element) and the size its limits.
 *
 * @param connection the uploading connection
 * @param fileName   the file's name, as the client gave it
 * @param fileSize   the announced size in bytes
 * @param channel    the channel the client named, possibly empty
 * @param data       the client's free text about the file, possibly empty
 */
public record FileUploadEvent(Connection connection, String fileName, long fileSize, String channel, String data) {}
