package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.admin.NodeMBeans;
import dev.switchboard.admin.NodeMXBean;
import dev.switchboard.api.Audience;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Transport;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.hub.ConnectionRegistry;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT over plain TCP ({@code switchboard.mqtt.tcp-port}) is the same MQTT as over WebSocket, on the same channels:
 * Eclipse Paho over {@code tcp://} publishes at QoS 1 to an MQTT subscriber over WebSocket and to an sgc subscriber,
 * receives an sgc publication, and shows as a connection of transport {@code tcp} in the registry, the metrics and the
 * node MBean.
 */
class MqttClientsOverPlainTcpShareChannelsWithWebSocketAndSgcTest {

    private static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RunningNode.start(builder -> builder.mqttTcpPort(0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static int tcpPort() {
        return node.server().mqttTcpPort().orElseThrow();
    }

    private static String sgc(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":\"x\"}";
    }

    @Test
    void aQos1PublishOverTcpReachesAWebSocketMqttSubscriberAndAnSgcSubscriber() throws Exception {
        try (PahoV3 tcp = PahoV3.overTcp(tcpPort(), "tcp-pub").connect(PahoV3.options(true));
                PahoV3 ws = new PahoV3(node.port(), "ws-sub").connect(PahoV3.options(true));
                TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/ws"), Map.of(), "esegece.com")) {
            ws.client.subscribe("plant/+/flow", 1);
            sgc.send(sgc("sgc@subscribe", "{\"channel\":\"plant/pump1/flow\"}"));
            sgc.nextContaining("sgc@subscribe");

            // Paho's publish returns once the server's PUBACK arrived: QoS 1 is acknowledged over TCP.
            IMqttDeliveryToken token = tcp.client
                    .getTopic("plant/pump1/flow")
                    .publish("12.5 l/s".getBytes(StandardCharsets.UTF_8), 1, false);
            token.waitForCompletion(10_000);
            assertThat(token.isComplete()).isTrue();
            assertThat(token.getException()).isNull();

            PahoV3.Received viaWebSocket = ws.next();
            assertThat(viaWebSocket.topic()).isEqualTo("plant/pump1/flow");
            assertThat(viaWebSocket.text()).isEqualTo("12.5 l/s");
            assertThat(viaWebSocket.message().getQos()).isEqualTo(1);
            assertThat(sgc.nextContaining("sgc@event")).contains("\"message\":\"12.5 l/s\"");
        }
    }

    @Test
    void anSgcPublicationReachesASubscriberOverTcp() throws Exception {
        try (PahoV3 tcp = PahoV3.overTcp(tcpPort(), "tcp-sub").connect(PahoV3.options(true));
                TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/ws"), Map.of(), "esegece.com")) {
            tcp.client.subscribe("alarms/#", 1);
            sgc.send(sgc("sgc@publish", "{\"channel\":\"alarms/boiler\",\"message\":\"pressure high \u00e9\"}"));
            PahoV3.Received received = tcp.next();
            assertThat(received.topic()).isEqualTo("alarms/boiler");
            assertThat(received.text()).isEqualTo("pressure high \u00e9");
            // A packet larger than one read of the socket is reassembled by the server: it comes back whole.
            String large = "0123456789".repeat(10_000);
            tcp.client.publish("alarms/big", large.getBytes(StandardCharsets.UTF_8), 1, false);
            PahoV3.Received echoed = tcp.next();
            assertThat(echoed.topic()).isEqualTo("alarms/big");
            assertThat(echoed.text()).isEqualTo(large);
        }
    }

    @Test
    void textSentToEveryConnectionLeavesTheMqttStreamOfATcpClientIntact() throws Exception {
        try (PahoV3 tcp = PahoV3.overTcp(tcpPort(), "tcp-intact").connect(PahoV3.options(true))) {
            ConnectionRegistry registry =
                    CDI.current().select(ConnectionRegistry.class).get();
            Connection overTcp = Await.value(
                            "the TCP client in the registry",
                            () -> registry.snapshot().stream()
                                    .filter(c -> c.transport() == Transport.TCP)
                                    .toList(),
                            list -> list.size() == 1)
                    .get(0);
            Gateway gateway = CDI.current().select(Gateway.class).get();
            // Text meant for sgc clients: written into the byte stream it would break the client's next packet.
            gateway.send(overTcp.id(), "{\"not\":\"mqtt\"}");
            gateway.broadcast("to everyone", Audience.EVERYONE);
            tcp.client.subscribe("intact", 1);
            gateway.publish("intact", "still MQTT");
            assertThat(tcp.next().text()).isEqualTo("still MQTT");
            assertThat(tcp.lost).isNull();
            assertThat(tcp.client.isConnected()).isTrue();
        }
    }

    @Test
    void aTcpClientIsAConnectionOfTransportTcpInTheRegistryTheMetricsAndJmx() throws Exception {
        try (PahoV3 tcp = PahoV3.overTcp(tcpPort(), "tcp-seen").connect(PahoV3.options(true))) {
            ConnectionRegistry registry =
                    CDI.current().select(ConnectionRegistry.class).get();
            List<Connection> overTcp = Await.value(
                    "the TCP client in the registry",
                    () -> registry.snapshot().stream()
                            .filter(c -> c.transport() == Transport.TCP)
                            .toList(),
                    list -> list.size() == 1);
            assertThat(overTcp.get(0).subprotocol()).contains("mqtt");
            assertThat(overTcp.get(0).clientAddress()).isEqualTo("127.0.0.1");
            NodeMXBean mbean = JMX.newMXBeanProxy(
                    ManagementFactory.getPlatformMBeanServer(), NodeMBeans.name("Node", ""), NodeMXBean.class);
            // Read after the registry showed exactly one TCP connection, from the same registry.
            assertThat(mbean.getTcpConnections()).isEqualTo(1);
            Await.value(
                    "a scrape showing the TCP connection",
                    () -> node.scrape(),
                    body -> RunningNode.value(
                                    body, "switchboard_connections", "subprotocol=\"mqtt\"", "transport=\"tcp\"")
                            == 1);
        }
        Await.value(
                "a scrape without the TCP connection",
                () -> node.scrape(),
                body -> RunningNode.value(body, "switchboard_connections", "subprotocol=\"mqtt\"", "transport=\"tcp\"")
                        == 0);
    }
}
