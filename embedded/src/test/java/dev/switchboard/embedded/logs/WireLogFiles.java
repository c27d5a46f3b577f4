package dev.switchboard.embedded.logs;

import dev.switchboard.embedded.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads the wire log of a test server and drives its MBean. */
final class WireLogFiles {

    static final String OBJECT_NAME = "dev.switchboard:type=WireLog";

    private WireLogFiles() {}

    /** The file's lines, or none when it does not exist (yet, or for a moment while it is rotated). */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            // The writer renames the file to file.1 and opens a new one: between the two there is no file.
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a line of the file contains every one of the parts, and returns it. */
    static String awaitLine(Path file, String... parts) {
        try {
            return Await.value(
                            "a wire log line with " + List.of(parts),
                            () -> lines(file).stream()
                                    .filter(line -> containsAll(line, parts))
                                    .findFirst(),
                            found -> found.isPresent())
                    .orElseThrow();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the file has:\n" + String.join("\n", lines(file)), e);
        }
    }

    static boolean containsAll(String line, String... parts) {
        for (String part : parts) {
            if (!line.contains(part)) {
                return false;
            }
        }
        return true;
    }

    static MBeanServer jmx() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    static ObjectName name() throws Exception {
        return new ObjectName(OBJECT_NAME);
    }
}
