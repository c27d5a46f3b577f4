package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Identity;
import dev.switchboard.auth.internal.FileCredentialStore;
import dev.switchboard.config.ConfigReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddUserCommandWritesAUsersFileTheServerReadsTest {

    @TempDir
    Path directory;

    /** The launcher's real entry point in a JVM of its own, so its exit status and output are the shell's. */
    private record Run(int status, String out, String err) {}

    @Test
    void launcherAddsThenUpdatesAUserThatTheFileStoreAccepts() throws Exception {
        Path file = directory.resolve("users");

        Run added = launch("add-user", file.toString(), "alice", "wonderland", "admin,user");

        assertThat(added.status()).isZero();
        assertThat(added.out()).isEqualTo("Added user 'alice' to " + file + " (roles: admin,user)\n");
        assertThat(Files.readString(file))
                .startsWith("alice:pbkdf2-sha256$210000$")
                .endsWith(":admin,user\n");
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.authenticate("alice", "wonderland".toCharArray(), null))
                .map(Identity::roles)
                .contains(Set.of("admin", "user"));

        Run updated = launch("add-user", "--bcrypt", file.toString(), "alice", "looking-glass");

        assertThat(updated.status()).isZero();
        assertThat(updated.out()).isEqualTo("Updated user 'alice' in " + file + " (no roles)\n");
        assertThat(Files.readString(file)).startsWith("alice:$2b$12$");
        assertThat(store.authenticate("alice", "wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(store.authenticate("alice", "looking-glass".toCharArray(), null))
                .map(Identity::roles)
                .contains(Set.of());
    }

    @Test
    void launcherUsageErrorsExitWithTwoAndPrintUsage() throws Exception {
        Run run = launch("add-user", directory.resolve("users").toString(), "alice");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("missing arguments").contains("usage: java -jar switchboard.jar add-user");
        assertThat(directory.resolve("users")).doesNotExist();
    }

    @Test
    void secondUserIsAppendedAndCommentsKept() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(file, "# staff\n");

        assertThat(runInProcess(null, file.toString(), "bob", "b").status()).isZero();
        assertThat(runInProcess(null, file.toString(), "carol", "c", "ops").status())
                .isZero();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("# staff");
        assertThat(lines.get(1)).startsWith("bob:pbkdf2-sha256$1000$");
        assertThat(lines.get(2)).startsWith("carol:pbkdf2-sha256$1000$").endsWith(":ops");
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.authenticate("bob", "b".toCharArray(), null)).isPresent();
        assertThat(store.authenticate("carol", "c".toCharArray(), null))
                .map(Identity::roles)
                .contains(Set.of("ops"));
    }

    @Test
    void dashReadsThePasswordFromStandardInput() throws Exception {
        Path file = directory.resolve("users");

        Run run = runInProcess("from stdin\n", file.toString(), "dave", "-");

        assertThat(run.status()).isZero();
        assertThat(new FileCredentialStore(file).authenticate("dave", "from stdin".toCharArray(), null))
                .isPresent();
    }

    @Test
    void invalidUserNameIsAUsageError() throws Exception {
        Run run = runInProcess(null, directory.resolve("users").toString(), "bad:name", "pw");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("':'").contains("usage:");
        assertThat(directory.resolve("users")).doesNotExist();
    }

    @Test
    void malformedFileIsReportedAndLeftAlone() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(file, "not a user line\n");

        Run run = runInProcess(null, file.toString(), "erin", "pw");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("malformed").contains(file + ":1:");
        assertThat(Files.readString(file)).isEqualTo("not a user line\n");
    }

    private Run runInProcess(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConfigReader config = new ConfigReader(List.of(new ConfigReader.Source() {
            @Override
            public java.util.Optional<String> get(String key) {
                return key.equals("switchboard.auth.pbkdf2.iterations")
                        ? java.util.Optional.of("1000")
                        : java.util.Optional.empty();
            }

            @Override
            public String describe() {
                return "test";
            }
        }));
        int status = AddUserCommand.run(
                args,
                new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                config);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SwitchboardLauncher.class.getName()));
        command.addAll(List.of(args));
        Path out = directory.resolve("out.txt");
        Path err = directory.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("add-user finished")
                .isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
