package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.embedded.SwitchboardLauncher;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MQTT TCP listener exists only when {@code switchboard.mqtt.tcp-port} asks for it, binds where the key says,
 * stops with the server, and obeys what every new connection obeys: the connection limit, the drain, and the
 * keep-alive cap for a client that never sends CONNECT.
 */
class MqttTcpListenerIsOptionalAndFollowsTheServerLifecycleTest {

    private static final byte[] CONNACK_ACCEPTED = RawMqtt.bytes(0x20, 0x02, 0x00, 0x00);

    private static ConfigReader config(Map<String, String> keys) {
        Map<String, String> environment = new HashMap<>();
        environment.put(ConfigReader.environmentName(ConfigKeys.HOST), "127.0.0.1");
        environment.put(ConfigReader.environmentName(ConfigKeys.PORT), "0");
        keys.forEach((key, value) -> environment.put(ConfigReader.environmentName(key), value));
        return new ConfigReader(List.of(ConfigReader.environment(environment)));
    }

    private static SwitchboardServer startFrom(Map<String, String> keys) throws Exception {
        SwitchboardServer server = SwitchboardLauncher.fromConfiguration(new String[0], config(keys))
                .build();
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static void assertRefusesConnections(int port) {
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void thereIsNoListenerWithoutTheKeyOrWithZero() throws Exception {
        for (Map<String, String> keys : List.of(Map.<String, String>of(), Map.of(ConfigKeys.MQTT_TCP_PORT, "0"))) {
            SwitchboardServer server = startFrom(keys);
            try {
                assertThat(server.mqttTcpPort()).as("listener with %s", keys).isEmpty();
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void theKeysOpenTheListenerOnTheirPortAndHost() throws Exception {
        int port = freePort();
        assertRefusesConnections(port);
        SwitchboardServer server = startFrom(
                Map.of(ConfigKeys.MQTT_TCP_PORT, Integer.toString(port), ConfigKeys.MQTT_TCP_HOST, "127.0.0.1"));
        try {
            assertThat(server.mqttTcpPort()).hasValue(port);
            try (RawTcpMqtt raw = RawTcpMqtt.connect(port)) {
                raw.send(RawMqtt.connect(4, "configured"));
                assertThat(raw.next()).containsExactly(CONNACK_ACCEPTED);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void theListenerClosesItsConnectionsAndItsPortWhenTheServerStops() throws Exception {
        RunningNode node = RunningNode.start(builder -> builder.mqttTcpPort(0));
        int port = node.server().mqttTcpPort().orElseThrow();
        try (PahoV3 client = PahoV3.overTcp(port, "until-stop").connect(PahoV3.options(true))) {
            node.close();
            Await.until("the client told of the lost connection", () -> client.lost != null);
            assertThat(client.client.isConnected()).isFalse();
        }
        assertRefusesConnections(port);
    }

    @Test
    void aClientThatNeverSendsConnectIsClosedByTheKeepAliveCap() throws Exception {
        try (RunningNode node = RunningNode.start(
                builder -> builder.mqttTcpPort(0).environmentEntry(ConfigKeys.MQTT_MAX_KEEP_ALIVE, "1"))) {
            try (RawTcpMqtt raw = RawTcpMqtt.connect(node.server().mqttTcpPort().orElseThrow())) {
                // max-keep-alive is 1 s here: one and a half of it without a packet ends the connection.
                assertThat(raw.awaitEnd(Duration.ofSeconds(10))).isEmpty();
            }
        }
    }

    @Test
    void theConnectionLimitAndTheDrainRefuseTcpClientsBeforeAnyAnswer() throws Exception {
        try (RunningNode node = RunningNode.start(
                builder -> builder.mqttTcpPort(0).environmentEntry(ConfigKeys.MAX_CONNECTIONS, "1"))) {
            int port = node.server().mqttTcpPort().orElseThrow();
            try (RawTcpMqtt first = RawTcpMqtt.connect(port)) {
                first.send(RawMqtt.connect(4, "first"));
                assertThat(first.next()).containsExactly(CONNACK_ACCEPTED);
                try (RawTcpMqtt second = RawTcpMqtt.connect(port)) {
                    assertThat(second.awaitEnd()).isEmpty();
                }
            }
            node.awaitConnections(0);
            RunningNode.drain().start(Duration.ofSeconds(30), "test");
            try (RawTcpMqtt duringDrain = RawTcpMqtt.connect(port)) {
                assertThat(duringDrain.awaitEnd()).isEmpty();
            } finally {
                RunningNode.drain().cancel("test");
            }
            try (RawTcpMqtt afterDrain = RawTcpMqtt.connect(port)) {
                afterDrain.send(RawMqtt.connect(4, "after-drain"));
                assertThat(afterDrain.next()).containsExactly(CONNACK_ACCEPTED);
            }
        }
    }
}
