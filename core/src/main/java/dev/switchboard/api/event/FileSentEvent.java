package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A file the server sent over the Files protocol was received whole by a client (it answered
 * {@code sgc@file_received}, or at QoS 0 the last packet was queued); fired as a CDI event on the thread that saw it.
 *
 * @param connection the receiving connection
 * @param fileId     the transfer's id
 * @param fileName   the file's name as sent
 * @param fileSize   the size in bytes
 * @param channel    the channel the file was published to, or empty for a file sent to the connection
 */
public record FileSentEvent(Connection connection, String fileId, String fileName, long fileSize, String channel) {}
