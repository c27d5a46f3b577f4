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
 * STOMP and MQTT reach the deployment: {@code src/test/node/stomp-mqtt-client.mjs} logs in over STOMP
 * ({@code @stomp/stompjs}) and MQTT 5 ({@code mqtt}) with the users file's credentials, and sgc, STOMP and MQTT
 * publications to one channel reach the subscribers of the other protocols there and a JDK sgc subscriber here,
 * bytes included. On WildFly this covers Undertow's subprotocol negotiation and binary frames for the protocol beans
 * of the EAR.
 */
@ExtendWith(ArquillianExtension.class)
abstract class StompAndMqttClientsScenarios {

    private static final String USER = "ituser";
    private static final String PASSWORD = "it-user-pw";

    @ArquillianResource
    URL base;

    @Test
    void stompAndMqttClientsLogInAndShareAChannelWithSgc(@TempDir Path output) throws Exception {
        String root = "pubsub-" + UUID.randomUUID().toString().substring(0, 8);
        String channel = root + "/room";
        try (SgcClient sgc = SgcClient.connect(ws())) {
            sgc.subscribe(channel);

            NodeScript.Run run =
                    NodeScript.run(output, "stomp-mqtt-client.mjs", ws().toString(), channel, USER, PASSWORD);

            assertThat(run.exitCode())
                    .as("exit code; stderr: %s; stdout: %s", run.stderr(), run.stdout())
                    .isZero();
            JsonObject report = Http.json(run.lastLine());
            assertThat(report.getString("stompVersion")).isEqualTo("1.2");
            assertThat(report.getString("refused")).as("a wrong passcode").isEqualTo("login refused");
            assertThat(report.getJsonArray("stomp").getValuesAs(JsonString::getString))
                    .containsExactly("from sgc", "from stomp", "from mqtt");
            assertThat(report.getString("stompBinary")).isEqualTo("00017fff");
            assertThat(report.getJsonArray("mqtt").getValuesAs(JsonObject.class))
                    .extracting(message -> message.getString("topic"))
                    .containsOnly(channel);
            assertThat(report.getJsonArray("mqtt").getValuesAs(JsonObject.class))
                    .extracting(message -> message.getString("text"))
                    .containsExactly("from sgc", "from stomp", "from mqtt", "\u0000\u0001\u007f\ufffd");

            sgc.expectEvent(channel, "from sgc");
            sgc.expectEvent(channel, "from stomp");
            sgc.expectEvent(channel, "from mqtt");
            sgc.expectEvent(channel, "sgc@b64:AAF//w==");
        }
    }

    /** The ws:// URI of the deployment's context root. */
    URI ws() {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws"));
    }
}
