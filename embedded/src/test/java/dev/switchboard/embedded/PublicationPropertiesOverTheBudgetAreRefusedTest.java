package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.mqtt.PahoV5;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a publication allowed four properties, an MQTT 5 PUBLISH carrying more is answered with PUBACK 0x97 and not
 * delivered, and a STOMP SEND with more own headers gets an ERROR and close 1009; within the bound both go out with
 * their metadata.
 */
class PublicationPropertiesOverTheBudgetAreRefusedTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(ConfigKeys.PUBLICATION_MAX_PROPERTIES, "4"));

    private static MqttMessage withUsers(String payload, int users) {
        MqttProperties properties = new MqttProperties();
        List<UserProperty> list = new java.util.ArrayList<>();
        for (int i = 0; i < users; i++) {
            list.add(new UserProperty("u", Integer.toString(i)));
        }
        properties.setUserProperties(list);
        return new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, properties);
    }

    @Test
    void anMqttPublishOverThePropertyBoundIsRefusedWithQuotaExceededAndOneWithinItIsDelivered() throws Exception {
        MqttAsyncClient publisher =
                new MqttAsyncClient("ws://127.0.0.1:" + node.port() + "/ws", "budget-pub", new MemoryPersistence());
        try (PahoV5 subscriber = new PahoV5(node.port(), "budget-sub").connect(PahoV5.options(true))) {
            publisher.connect(PahoV5.options(true)).waitForCompletion(10_000);
            subscriber.client.subscribe("budget/+", 1);

            // The published QoS travels as one property too: three user properties make four.
            IMqttToken within = publisher.publish("budget/ok", withUsers("within", 3));
            within.waitForCompletion(10_000);
            IMqttToken over = publisher.publish("budget/over", withUsers("over", 4));
            over.waitForCompletion(10_000);
            publisher.publish("budget/marker", withUsers("marker", 0)).waitForCompletion(10_000);

            assertThat(within.getReasonCodes()).containsExactly(0);
            assertThat(over.getReasonCodes()).containsExactly(0x97);
            PahoV5.Received first = subscriber.next();
            assertThat(first.text()).isEqualTo("within");
            assertThat(first.message().getProperties().getUserProperties()).hasSize(3);
            assertThat(subscriber.next().text()).isEqualTo("marker");
        } finally {
            publisher.disconnectForcibly(2000);
            publisher.close();
        }
    }

    @Test
    void aStompSendWithMoreOwnHeadersThanTheBoundGetsAnErrorAndClose1009() throws Exception {
        try (TestClient.Recorder subscriber = TestClient.connect(node.client(), node.ws("/"), Map.of(), "v12.stomp");
                TestClient.Recorder sender = TestClient.connect(node.client(), node.ws("/"), Map.of(), "v12.stomp")) {
            assertThat(subscriber.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0"))
                    .startsWith("CONNECTED\n");
            assertThat(sender.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(subscriber.ask("SUBSCRIBE\nid:s\ndestination:/topic/budget\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");

            assertThat(sender.ask("SEND\ndestination:/topic/budget\nreceipt:ok\nh1:1\nh2:2\nh3:3\nh4:4\n\nwithin\0"))
                    .startsWith("RECEIPT\n");
            String delivered = subscriber.nextContaining("MESSAGE");
            assertThat(delivered).contains("\nh1:1\n").contains("\nh4:4\n").endsWith("\n\nwithin\0");

            String error = sender.ask("SEND\ndestination:/topic/budget\nh1:1\nh2:2\nh3:3\nh4:4\nh5:5\n\nover\0");
            assertThat(error).startsWith("ERROR\n").contains("4 properties");
            assertThat(sender.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }
}
