package dev.switchboard.auth.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * What tells one version of a file from another without reading it: modification time, size, and the file's
 * identity (an inode, where the file system has one), since a file moved over the old one may keep both of the
 * others.
 *
 * @param modified the modification time
 * @param size     the size in bytes
 * @param key      the file key, or null
 */
record FileVersion(FileTime modified, long size, Object key) {

    /**
     * The version of a file as it is now.
     *
     * @param file the file
     * @return its version, or empty when it does not exist
     * @throws IOException when its attributes cannot be read
     */
    static Optional<FileVersion> of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileVersion(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
