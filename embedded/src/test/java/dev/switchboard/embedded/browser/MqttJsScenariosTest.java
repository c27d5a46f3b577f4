package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT scenarios with mqtt.js, a real third-party client, over WebSocket against the embedded server: QoS and
 * wildcard delivery between MQTT 3.1.1 and 5.0 clients with properties, a gateway publication reaching an MQTT
 * subscriber, and a retained will after an abrupt close; and over plain TCP ({@code mqtt://}) to and from WebSocket
 * clients, with a will left by a TCP client that vanished.
 */
class MqttJsScenariosTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(false);
        ServerHooks.reset();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .mqttTcpPort(0)
                .beanClasses(ServerHooks.GatewayCapture.class, ServerHooks.Gate.class)
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void qosWildcardsAndPropertiesBetweenVersions() throws Exception {
        NodeScenario.run(TIMEOUT, "mqtt-scenarios.mjs", base, "pubsub").assertOk("pubsub");
    }

    @Test
    void aGatewayPublicationReachesAnMqttSubscriber() throws Exception {
        NodeScenario.run(TIMEOUT, "mqtt-scenarios.mjs", base, "gateway").assertOk("gateway");
    }

    @Test
    void aWillIsPublishedAndRetainedAfterAnAbruptClose() throws Exception {
        NodeScenario.run(TIMEOUT, "mqtt-scenarios.mjs", base, "will").assertOk("will");
    }

    @Test
    void mqttClientsOverPlainTcpAndWebSocketExchangeMessagesAndAVanishedTcpClientLeavesItsWill() throws Exception {
        String tcpPort = Integer.toString(server.mqttTcpPort().orElseThrow());
        NodeScenario.run(TIMEOUT, "mqtt-scenarios.mjs", base, "tcp", tcpPort).assertOk("tcp");
    }
}
