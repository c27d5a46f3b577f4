package dev.switchboard.auth.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a users file: {@link UsersFile#addOrUpdate} replaces one user's line and keeps every other line, writing a
 * private temporary file beside the target and moving it over, under a lock that serialises updates within this
 * process and across processes.
 */
final class UsersFileUpdate {

    /** Serialises this process's updates; the file lock serialises processes. */
    private static final ReentrantLock UPDATES = new ReentrantLock();

    private UsersFileUpdate() {}

    static UsersFile.Change addOrUpdate(Path file, String name, String hash, List<String> roles) throws IOException {
        UsersFile.requireValidName(name);
        UsersFile.requireValidRoles(roles);
        if (!PasswordHashes.isSupported(hash)
                || hash.indexOf(':') >= 0
                || hash.strip().length() != hash.length()
                || hash.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The hash is not in a supported format");
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // A file lock belongs to the whole process, so threads of one process take turns on a lock of their own.
        UPDATES.lock();
        try (FileChannel channel = FileChannel.open(
                        absolute.resolveSibling("." + absolute.getFileName() + ".lock"),
                        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        ownerOnly(absolute.getParent()));
                FileLock ignored = channel.lock()) {
            return addOrUpdateLocked(file, name, hash, roles);
        } finally {
            UPDATES.unlock();
        }
    }

    private static UsersFile.Change addOrUpdateLocked(Path file, String name, String hash, List<String> roles)
            throws IOException {
        List<String> lines = Files.exists(file) ? UsersFile.readLines(file) : List.of();
        UsersFile current = UsersFile.parse(lines, file.toString());
        String newLine = roles.isEmpty() ? name + ":" + hash : name + ":" + hash + ":" + String.join(",", roles);
        List<String> updated = new ArrayList<>(lines);
        Optional<UsersFile.Entry> existing = current.find(name);
        UsersFile.Change change;
        if (existing.isPresent()) {
            updated.set(existing.get().line() - 1, newLine);
            change = UsersFile.Change.UPDATED;
        } else {
            updated.add(newLine);
            change = UsersFile.Change.ADDED;
        }
        write(file, updated);
        return change;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        PosixFileAttributes existing = null;
        boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
        if (posix && Files.exists(absolute)) {
            existing = Files.readAttributes(absolute, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        // Same directory, so the move is a rename on one file system; the temporary file is private from the start.
        Path temporary =
                Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp", ownerOnly(directory));
        try {
            StringBuilder content = new StringBuilder();
            for (String line : lines) {
                content.append(line).append('\n');
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            if (existing != null) {
                Files.setPosixFilePermissions(temporary, existing.permissions());
                keepOwner(temporary, existing);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Read and write for the owner alone, where the file system has POSIX permissions. */
    private static FileAttribute<?>[] ownerOnly(Path directory) {
        return Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))
                }
                : new FileAttribute<?>[0];
    }

    private static void keepOwner(Path temporary, PosixFileAttributes existing) {
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        try {
            // An administrator running the command as root must not leave a file the server's user cannot read.
            if (!existing.owner().equals(Files.getOwner(temporary))) {
                view.setOwner(existing.owner());
            }
            if (!existing.group().equals(view.readAttributes().group())) {
                view.setGroup(existing.group());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Only a privileged process may give a file away; an unprivileged one owns the file it replaced anyway.
        }
    }
}
