package dev.switchboard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Node clients of {@code src/test/node} (its packages installed by the it module's {@code npm ci},
 * at the exact versions of the committed package-lock.json) as a process and collects what it printed.
 */
public final class NodeScript {

    /** Long enough for a cold Node start on a loaded CI machine; each script has its own, shorter deadline. */
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    private NodeScript() {}

    /**
     * What a finished script left.
     *
     * @param exitCode the process's exit code
     * @param stdout   everything it printed to standard output
     * @param stderr   everything it printed to standard error
     */
    public record Run(int exitCode, String stdout, String stderr) {

        /**
         * The last non-blank line of standard output: the scripts print their report there.
         *
         * @return that line
         */
        public String lastLine() {
            List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines)
                    .as("stdout of a script that exited %d; stderr: %s", exitCode, stderr)
                    .isNotEmpty();
            return lines.get(lines.size() - 1);
        }
    }

    /**
     * Runs {@code script} with the arguments and waits for it to end.
     *
     * @param output    a directory for the captured output
     * @param script    the script's file name in {@code src/test/node}
     * @param arguments its arguments
     * @return what it left
     * @throws IOException          when Node cannot be started
     * @throws InterruptedException when interrupted while waiting
     */
    public static Run run(Path output, String script, String... arguments) throws IOException, InterruptedException {
        Path client = clientDirectory();
        assertThat(client.resolve("node_modules/ws/package.json"))
                .as("the Node packages installed by the it module's npm ci (run the tests through Maven)")
                .isRegularFile();
        Path stdout = output.resolve("stdout.txt");
        Path stderr = output.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("switchboard.it.node", "node"),
                client.resolve(script).toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(client.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("node did not finish within " + PROCESS_TIMEOUT_SECONDS + " s; stdout: "
                        + Files.readString(stdout, StandardCharsets.UTF_8) + "; stderr: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Run(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Path clientDirectory() {
        String directory = System.getProperty("switchboard.it.node.client");
        if (directory == null) {
            throw new IllegalStateException("switchboard.it.node.client is not set; run the tests through Maven"
                    + " (./build mvn verify -pl it -am)");
        }
        return Path.of(directory).toAbsolutePath().normalize();
    }
}
