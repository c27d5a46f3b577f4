package dev.switchboard.fuzzing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every Jazzer target in this module is fuzzed, not only replayed, by the default build: each runs in a JVM of its own
 * (Jazzer fuzzes one target per JVM) for {@code fuzz.seconds} (five by default) from its committed inputs, with a
 * 512 MiB heap so that an input making a parser allocate without bound fails as an {@link OutOfMemoryError}. A crash,
 * a broken assertion, an input slower than the target's {@code @Timeout} or a JVM that does not end within its budget
 * and two minutes fails this test with the end of that target's log ({@code target/fuzz/<Class>_<method>.log}); Jazzer
 * has then saved the input beside the committed ones, where every later build replays it.
 *
 * <p>{@code ./fuzz} runs this test with longer budgets: {@code fuzz.targets} chooses targets ({@code Class},
 * {@code Class#method}, {@code *} as a wildcard, comma-separated) and {@code fuzz.parallel} how many run at once (the
 * processor count by default).
 */
class EveryFuzzTargetFuzzesForItsBudgetWithoutAFindingTest {

    private static final int SECONDS = Integer.getInteger("fuzz.seconds", 5);
    private static final int PARALLEL =
            Integer.getInteger("fuzz.parallel", Runtime.getRuntime().availableProcessors());
    /** Time for a JVM to start, instrument the module and write its corpus, over the fuzzing budget. */
    private static final long GRACE_SECONDS = 120;

    private static final int LOG_LINES = 60;

    private record Outcome(FuzzTarget target, int exitCode, Path log) {

        boolean clean() {
            return exitCode == 0;
        }

        String describe() throws IOException {
            List<String> lines = Files.readAllLines(log);
            String reason = switch (exitCode) {
                case 3 -> "a finding";
                case 2 -> "the target did not run";
                case -1 -> "still running after " + (SECONDS + GRACE_SECONDS) + " s, killed";
                default ->
                    "exit code " + exitCode + ": the JVM did not start, or something else than the test ended it";
            };
            return target.simpleName() + ": " + reason + " (" + log + ")\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        }
    }

    @Test
    void everyTargetFuzzesForItsBudgetWithoutAFinding() throws Exception {
        List<String> filters = Arrays.stream(
                        System.getProperty("fuzz.targets", "").split(","))
                .map(String::strip)
                .filter(filter -> !filter.isEmpty())
                .toList();
        List<FuzzTarget> targets = FuzzTarget.discover(testClasses(), filters);
        assertThat(targets).as("fuzz targets selected by %s", filters).isNotEmpty();

        Path logs = Path.of("target", "fuzz");
        Files.createDirectories(logs);
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Outcome>> running = new ArrayList<>();
            for (FuzzTarget target : targets) {
                running.add(pool.submit(() -> fuzz(target, logs.resolve(target.fileName() + ".log"))));
            }
            for (Future<Outcome> outcome : running) {
                outcomes.add(outcome.get());
            }
        }

        List<String> findings = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.clean()) {
                findings.add(outcome.describe());
            }
        }
        System.out.printf(
                "fuzzed %d targets for %d s each: %d clean%n",
                outcomes.size(),
                SECONDS,
                outcomes.stream().filter(Outcome::clean).count());
        assertThat(findings)
                .as("targets with a finding after %d s of fuzzing each", SECONDS)
                .isEmpty();
    }

    private static Outcome fuzz(FuzzTarget target, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        // Jazzer attaches its agent to the running JVM.
                        "-XX:+EnableDynamicAgentLoading",
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FuzzTargetMain.class.getName(),
                        target.className(),
                        target.method(),
                        Integer.toString(SECONDS))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAZZER_FUZZ", "1");
        builder.environment().put("JAZZER_INSTRUMENTATION_INCLUDES", "dev.switchboard.**");
        builder.environment().put("JAZZER_CUSTOM_HOOK_INCLUDES", "dev.switchboard.**");
        Process process = builder.start();
        if (!process.waitFor(SECONDS + GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Outcome(target, -1, log);
        }
        return new Outcome(target, process.exitValue(), log);
    }

    private static Path testClasses() throws URISyntaxException {
        return Path.of(EveryFuzzTargetFuzzesForItsBudgetWithoutAFindingTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }
}
