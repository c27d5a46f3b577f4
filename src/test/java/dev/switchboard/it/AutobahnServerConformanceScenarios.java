package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Autobahn|Testsuite fuzzing client against the web-module WAR on an application server, with the embedded
 * module's echo handler for plain connections and 20 MiB message limits, as the embedded run has
 * ({@link Deployments#warForAutobahn}). A subclass per server, run only with {@code -Pcontainer-conformance} (see
 * docs/conformance.md): each adds minutes.
 *
 * <p>The suite runs in a child JVM whose class path holds only the suite, Jython, json-simple and test classes (the
 * reason is in the embedded module's {@code AutobahnFuzzingRun}), and writes its report below
 * {@code it/target/autobahn-<server>}.
 */
@ExtendWith(ArquillianExtension.class)
abstract class AutobahnServerConformanceScenarios {

    private static final String AGENT = "Switchboard";

    @ArquillianResource
    URL base;

    /** The server's name in the report directory and the summary line. */
    abstract String server();

    @Test
    void everyCaseOfTheServerSuitePasses() throws Exception {
        Path work = Path.of("target", "autobahn-" + server()).toAbsolutePath();
        Files.createDirectories(work);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("autobahntestsuite-maven-plugin")
                        || entry.contains("jython-standalone")
                        || entry.contains("json-simple")
                        || entry.replace('\\', '/').replaceFirst("/$", "").endsWith("embedded/target/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        String url = base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws");
        long started = System.nanoTime();
        Process client = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-classpath",
                        classPath,
                        "dev.switchboard.embedded.autobahn.AutobahnFuzzingRun$Client",
                        url)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("client.log").toFile())
                .start();
        if (!client.waitFor(30, TimeUnit.MINUTES)) {
            client.destroyForcibly();
            throw new AssertionError("The Autobahn client did not finish within 30 minutes; see " + work);
        }
        assertThat(client.exitValue()).as("the Autobahn client's exit status").isZero();

        Path reports = work.resolve("target/autobahntestsuite-reports");
        JsonObject cases;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(reports.resolve("index.json")))) {
            cases = reader.readObject().getJsonObject(AGENT);
        }
        Map<String, Integer> byBehavior = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        cases.forEach((id, value) -> {
            JsonObject result = value.asJsonObject();
            String behavior = result.getString("behavior");
            String close = result.getString("behaviorClose");
            byBehavior.merge(behavior, 1, Integer::sum);
            if (!passed(behavior) || !passed(close)) {
                failed.add(id + ": " + behavior + " / close " + close);
            }
        });
        System.out.printf(
                "Autobahn on %s: %d passed, %d failed of %d cases in %.0f s %s; report %s%n",
                server(),
                cases.size() - failed.size(),
                failed.size(),
                cases.size(),
                (System.nanoTime() - started) / 1e9,
                byBehavior,
                reports.resolve("index.html"));

        assertThat(cases).hasSize(301);
        assertThat(failed).as("failed cases").isEmpty();
    }

    /** The suite's verdicts that conform, as the embedded run judges them (AutobahnReport there). */
    private static boolean passed(String behavior) {
        return switch (behavior) {
            case "OK", "NON-STRICT", "INFORMATIONAL" -> true;
            default -> false;
        };
    }
}
