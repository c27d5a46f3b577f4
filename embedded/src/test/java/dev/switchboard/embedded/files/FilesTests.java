package dev.switchboard.embedded.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared set-up of the Files tests. */
final class FilesTests {

    private FilesTests() {}

    /** A new, empty spool directory for one test class's server, deleted when the JVM exits if empty. */
    static Path spoolDirectory() {
        try {
            Path directory = Files.createTempDirectory("files-spool");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
