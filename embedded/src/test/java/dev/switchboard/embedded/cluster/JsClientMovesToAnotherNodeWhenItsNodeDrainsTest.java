package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.ChildServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser client ({@code switchboard.js}, run by Node) is given both nodes of a cluster and connects to A. When A
 * drains (SIGTERM), the client moves to B at once and resumes its channel there: the publications made before,
 * during and after the move all arrive, once each and in order.
 */
class JsClientMovesToAnotherNodeWhenItsNodeDrainsTest {

    private static final Path SCRIPTS = Path.of("src", "test", "browser").toAbsolutePath();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void theClientMovesToTheOtherNodeAndMissesNothing() throws Exception {
        try (TestCluster cluster = new TestCluster(directory)) {
            ChildServer a = cluster.startNode("a");
            ChildServer b = cluster.startNode("b");
            String channel = "failover-" + System.nanoTime();
            Process node = new ProcessBuilder(
                            "node",
                            "--experimental-websocket",
                            "--no-warnings",
                            "drain-failover.mjs",
                            cluster.http(a, "/").toString(),
                            cluster.http(b, "/").toString(),
                            channel,
                            "10")
                    .directory(SCRIPTS.toFile())
                    .redirectErrorStream(true)
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        output.add(line);
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    output.add("driver: " + e);
                }
            });
            try (HttpClient client = HttpClient.newHttpClient();
                    SgcClient publisher = SgcClient.connect(client, cluster.ws(b, "/"), Map.of())) {
                awaitLine(lines, output, "READY ");

                for (int i = 1; i <= 4; i++) {
                    assertThat(publisher.publishAssured(channel, "m" + i)).contains("sgc@acknowledgment");
                }
                a.process().destroy(); // SIGTERM: A drains
                for (int i = 5; i <= 10; i++) {
                    assertThat(publisher.publishAssured(channel, "m" + i)).contains("sgc@acknowledgment");
                }

                assertThat(node.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("the script finished; its output:%n%s", String.join("\n", output))
                        .isTrue();
                reader.join(Duration.ofSeconds(10));
                assertThat(node.exitValue())
                        .as("exit code; output:%n%s%nnode A's log:%n%s", String.join("\n", output), a.log())
                        .isZero();
                assertThat(output)
                        .contains("DONE")
                        .anySatisfy(line -> assertThat(line).startsWith("DRAIN "))
                        .anySatisfy(line -> assertThat(line).startsWith("OK moved from A to B"));
                assertThat(a.process().waitFor(60, TimeUnit.SECONDS))
                        .as("node A exited")
                        .isTrue();
                assertThat(a.log()).contains("Draining, started by signal");
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static void awaitLine(BlockingQueue<String> lines, List<String> output, String prefix)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("No line " + prefix + " from the script; output:\n" + String.join("\n", output));
    }
}
