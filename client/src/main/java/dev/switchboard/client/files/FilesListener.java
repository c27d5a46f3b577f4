package dev.switchboard.client.files;

import java.nio.file.Path;

/**
 * What a {@link FilesClient} tells the application about files the server sends. Calls come from the client's one
 * thread, in order; a listener must not block for long.
 */
public interface FilesListener {

    /**
     * A file arrived whole and was moved into the client's directory.
     *
     * @param name the file's name as the server gave it (reduced to a plain file name)
     * @param path where it is now
     * @param size its size in bytes
     */
    default void fileReceived(String name, Path path, long size) {}

    /**
     * A QoS 2 file whose link was lost goes on: the server sent its header again after the link came back, and was
     * asked for the bytes after those held.
     *
     * @param name the file's name (reduced to a plain file name)
     * @param held the bytes already in the part file, which are not sent again
     */
    default void fileResumed(String name, long held) {}

    /**
     * A file the server was sending could not be received; its partial bytes were deleted.
     *
     * @param name   the file's name, possibly empty
     * @param reason why
     */
    default void fileFailed(String name, String reason) {}
}
