package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.NodeScript;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java sgc client: {@code src/test/node/sgc-client.mjs}, built on Node's {@code ws}, run as a process against
 * the deployment ({@link NodeScript}).
 * It reads its session, subscribes, publishes and prints the {@code sgc@event} it receives; a JDK client
 * subscribed to the same channel receives the same event.
 */
@ExtendWith(ArquillianExtension.class)
abstract class NodeWsClientScenarios {

    @ArquillianResource
    URL base;

    @Test
    void aNodeWsClientSubscribesPublishesAndReceivesItsEvent(@TempDir Path output) throws Exception {
        String channel = "node-" + UUID.randomUUID().toString().substring(0, 8);
        String message = "hello from node";
        try (SgcClient java = SgcClient.connect(ws())) {
            java.subscribe(channel);

            NodeScript.Run run = NodeScript.run(output, "sgc-client.mjs", ws().toString(), channel, message);

            assertThat(run.exitCode())
                    .as("exit code; stderr: %s; stdout: %s", run.stderr(), run.stdout())
                    .isZero();
            JsonObject report = Http.json(run.lastLine());
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

    /** The ws:// URI of the deployment's context root. */
    URI ws() {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws"));
    }
}
