package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes and several threads add users to one file at the same time, as administrators running
 * {@code add-user} in parallel would: every user ends up in the file.
 */
class ConcurrentUserUpdatesAreAllKeptTest {

    private static final int PROCESSES = 3;
    private static final int THREADS = 3;
    private static final int USERS_EACH = 15;

    /** A cheap but valid hash: the lock is under test here, not the hashing. */
    private static final String HASH = PasswordHashes.hash("pw".toCharArray(), 1);

    /** What each child process runs: adds {@code USERS_EACH} users named PREFIX-N to FILE. */
    public static void main(String[] args) throws IOException {
        addUsers(Path.of(args[0]), args[1], args[2]);
    }

    private static void addUsers(Path file, String prefix, String hash) throws IOException {
        for (int i = 0; i < USERS_EACH; i++) {
            UsersFile.addOrUpdate(file, prefix + "-" + i, hash, List.of("user"));
        }
    }

    @Test
    void everyUserAddedConcurrentlyByProcessesAndThreadsIsInTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf").resolve("users");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            ConcurrentUserUpdatesAreAllKeptTest.class.getName(),
                            file.toString(),
                            "process" + p,
                            HASH)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("process" + p + ".log").toFile())
                    .start());
        }
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            String prefix = "thread" + t;
            Thread.ofPlatform().start(() -> {
                try {
                    addUsers(file, prefix, HASH);
                } catch (IOException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (int p = 0; p < PROCESSES; p++) {
            Process process = processes.get(p);
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("process " + p + " finished")
                    .isTrue();
            assertThat(process.exitValue())
                    .as(Files.readString(dir.resolve("process" + p + ".log"), StandardCharsets.UTF_8))
                    .isZero();
        }
        assertThat(failures).isEmpty();

        UsersFile users = UsersFile.parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        List<String> expected = new ArrayList<>();
        for (String kind : List.of("process", "thread")) {
            for (int n = 0; n < (kind.equals("process") ? PROCESSES : THREADS); n++) {
                for (int i = 0; i < USERS_EACH; i++) {
                    expected.add(kind + n + "-" + i);
                }
            }
        }
        assertThat(expected)
                .allSatisfy(name -> assertThat(users.find(name)).as(name).isPresent());
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(expected.size());
    }
}
