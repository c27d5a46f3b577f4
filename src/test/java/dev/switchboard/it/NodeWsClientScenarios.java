package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java sgc client: {@code src/test/node/sgc-client.mjs}, built on Node's {@code ws} (the exact version of
 * its package-lock.json, installed by the it module's {@code npm ci}), run as a process against the deployment.
 * It reads its session, subscribes, publishes and prints the {@code sgc@event} it receives; a JDK client
 * subscribed to the same channel receives the same event.
 */
@ExtendWith(ArquillianExtension.class)
abstract class NodeWsClientScenarios {

    /** Long enough for a cold Node start on a loaded CI machine; the script has its own, shorter deadline. */
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @ArquillianResource
    URL base;

    @Test
    void aNodeWsClientSubscribesPublishesAndReceivesItsEvent(@TempDir Path output) throws Exception {
        String channel = "node-" + UUID.randomUUID().toString().substring(0, 8);
        String message = "hello from node";
        try (SgcClient java = SgcClient.connect(ws())) {
            java.subscribe(channel);

            Run run = runNode(output, ws().toString(), channel, message);

            assertThat(run.exitCode())
                    .as("exit code; stderr: %s; stdout: %s", run.stderr(), run.stdout())
                    .isZero();
            List<String> lines =
                    run.stdout().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as("stdout").isNotEmpty();
            JsonObject report = Http.json(lines.get(lines.size() - 1));
            assertThat(report.getString("protocol")).isEqualTo(SgcClient.PROTOCOL);
            assertThat(UUID.fromString(report.getString("session"))).isNotNull();
            assertThat(report.getString("session")).isNotEqualTo(java.id());
            assertThat(report.getString("subscribed")).isEqualTo(channel);
            assertThat(report.getJsonArray("acknowledged").getValuesAs(JsonString::getString))
                    .contains("node-sub-1", "node-pub-1");
            JsonObject event = report.getJsonObject("event");
            assertThat(event.getString("method")).isEqualTo("sgc@event");
            assertThat(event.getString("channel")).isEqualTo(channel);
            assertThat(event.getString("message")).isEqualTo(message);

            java.expectEvent(channel, message);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run runNode(Path output, String... arguments) throws IOException, InterruptedException {
        Path client = nodeClientDirectory();
        Path script = client.resolve("sgc-client.mjs");
        assertThat(client.resolve("node_modules/ws/package.json"))
                .as("ws installed by the it module's npm ci (run the tests through Maven)")
                .isRegularFile();
        Path stdout = output.resolve("stdout.txt");
        Path stderr = output.resolve("stderr.txt");
        List<String> command =
                new ArrayList<>(List.of(System.getProperty("switchboard.it.node", "node"), script.toString()));
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

    private static Path nodeClientDirectory() {
        String directory = System.getProperty("switchboard.it.node.client");
        if (directory == null) {
            throw new IllegalStateException("switchboard.it.node.client is not set; run the tests through Maven"
                    + " (./build mvn verify -pl it -am)");
        }
        return Path.of(directory).toAbsolutePath().normalize();
    }

    /** The ws:// URI of the deployment's context root. */
    URI ws() {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws"));
    }
}
