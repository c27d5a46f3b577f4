package dev.switchboard.embedded.mqtt;

import static dev.switchboard.embedded.mqtt.RawMqtt.bytes;
import static dev.switchboard.embedded.mqtt.RawMqtt.concat;
import static dev.switchboard.embedded.mqtt.RawMqtt.packet;
import static dev.switchboard.embedded.mqtt.RawMqtt.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Gateway;
import dev.switchboard.api.Transport;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.hub.ConnectionRegistry;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT TCP listener meets clients a WebSocket handshake would have stopped, and clients that misbehave once
 * connected: the firewall closes a banned address and one connection over the per-address cap before any answer, a
 * malformed packet closes that connection only, and a client that stops reading is cut off by the outbound byte
 * budget. Each refused or closed client leaves the listener serving the next one.
 */
class MqttTcpListenerRefusesBadClientsAndKeepsServingTest {

    private static final byte[] CONNACK_ACCEPTED = bytes(0x20, 0x02, 0x00, 0x00);

    private static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(builder -> builder.mqttTcpPort(0)
                .environmentEntry(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_CONCURRENT_MAX, "3")
                .environmentEntry(ConfigKeys.OUTBOUND_MAX_BYTES, "262144"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void noConnectionLeftFromAnotherTest() {
        node.awaitConnections(0);
    }

    private static int tcpPort() {
        return node.server().mqttTcpPort().orElseThrow();
    }

    private static RawTcpMqtt connected(String clientId) throws IOException {
        RawTcpMqtt raw = RawTcpMqtt.connect(tcpPort());
        raw.send(RawMqtt.connect(4, clientId));
        assertThat(raw.next()).containsExactly(CONNACK_ACCEPTED);
        return raw;
    }

    /** A publish and its delivery over TCP, proving the listener still serves. */
    private static void stillServes(String clientId) throws Exception {
        try (PahoV3 client = PahoV3.overTcp(tcpPort(), clientId).connect(PahoV3.options(true))) {
            client.client.subscribe("still/" + clientId, 1);
            client.client.publish("still/" + clientId, "yes".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(client.next().text()).isEqualTo("yes");
        }
    }

    @Test
    void aBannedAddressIsClosedBeforeAnyAnswer() throws Exception {
        Firewall firewall = CDI.current().select(Firewall.class).get();
        long bansBefore = firewall.counters().getOrDefault(Firewall.RULE_BAN, 0L);
        firewall.ban("127.0.0.1", Duration.ofMinutes(5), "test");
        try (RawTcpMqtt raw = RawTcpMqtt.connect(tcpPort())) {
            // Closed before the first byte: nothing needs to be sent for the firewall to judge the address.
            assertThat(raw.awaitEnd()).isEmpty();
        } finally {
            firewall.unban("127.0.0.1");
        }
        assertThat(firewall.counters().getOrDefault(Firewall.RULE_BAN, 0L)).isGreaterThan(bansBefore);
        stillServes("after-ban");
    }

    @Test
    void aConnectionOverThePerAddressCapIsClosedBeforeAnyAnswer() throws Exception {
        List<RawTcpMqtt> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(connected("held-" + i));
            }
            try (RawTcpMqtt fourth = RawTcpMqtt.connect(tcpPort())) {
                assertThat(fourth.awaitEnd()).isEmpty();
            }
        } finally {
            for (RawTcpMqtt raw : held) {
                raw.close();
            }
        }
        node.awaitConnections(0);
        stillServes("after-cap");
    }

    @Test
    void aMalformedPacketClosesThatConnectionAndTheServerKeepsServing() throws Exception {
        try (RawTcpMqtt raw = connected("malformed")) {
            // Packet type 0 is reserved (MQTT 3.1.1 section 2.2.1): a protocol violation, closed without an answer.
            raw.send(bytes(0x00, 0x00));
            assertThat(raw.awaitEnd()).isEmpty();
        }
        stillServes("after-malformed");
    }

    @Test
    void aClientThatStopsReadingIsCutOffByTheOutboundBudget() throws Exception {
        ConnectionRegistry registry =
                CDI.current().select(ConnectionRegistry.class).get();
        Gateway gateway = CDI.current().select(Gateway.class).get();
        try (RawTcpMqtt sleepy = RawTcpMqtt.connect(tcpPort(), 4096)) {
            sleepy.send(RawMqtt.connect(4, "sleepy"));
            assertThat(sleepy.next()).containsExactly(CONNACK_ACCEPTED);
            // SUBSCRIBE packet id 1, "flood" at QoS 0; after its SUBACK nothing more is ever read.
            sleepy.send(packet(0x82, concat(bytes(0, 1), string("flood"), bytes(0))));
            assertThat(sleepy.next()).containsExactly(0x90, 0x03, 0x00, 0x01, 0x00);
            String chunk = "z".repeat(16_384);
            for (int i = 0;
                    i < 4000 && registry.snapshot().stream().anyMatch(c -> c.transport() == Transport.TCP);
                    i++) {
                gateway.publish("flood", chunk);
            }
            Await.until(
                    "the slow reader closed",
                    () -> registry.snapshot().stream().noneMatch(c -> c.transport() == Transport.TCP));
        }
        stillServes("after-slow");
    }
}
