package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bounds on what MQTT clients make the server keep, through the server with Paho: at most two retained messages
 * of at most 16 payload bytes in all, at most two queued messages per session away (oldest dropped), and topic names
 * and filters of at most three levels.
 */
class MqttRetainedQueuedAndTopicBoundsHoldTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(
            ConfigKeys.MQTT_RETAINED_MAX_COUNT, "2",
            ConfigKeys.MQTT_RETAINED_MAX_BYTES, "16",
            ConfigKeys.MQTT_MAX_QUEUED, "2",
            ConfigKeys.MQTT_MAX_TOPIC_LEVELS, "3"));

    private static void publish(PahoV5 client, String topic, String text, boolean retained) throws Exception {
        client.client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    /** What a new subscriber to {@code filter} gets at once: the retained messages, each ended by a marker. */
    private static List<String> retainedFor(String filter, String clientId) throws Exception {
        try (PahoV5 probe = new PahoV5(node.port(), clientId).connect(PahoV5.options(true));
                PahoV5 marker = new PahoV5(node.port(), clientId + "-marker").connect(PahoV5.options(true))) {
            probe.client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null);
            // Retained messages go out right after their SUBACK, so before anything published after a later SUBACK.
            probe.client.subscribe(new MqttSubscription[] {new MqttSubscription("marker/" + clientId, 1)}, null);
            publish(marker, "marker/" + clientId, "end", false);
            List<String> seen = new ArrayList<>();
            for (PahoV5.Received next = probe.next(); !next.text().equals("end"); next = probe.next()) {
                seen.add(next.topic() + "=" + next.text());
            }
            return seen;
        }
    }

    @Test
    void retainedMessagesPastTheCountOrByteBoundAreNotKeptButStillDelivered() throws Exception {
        try (PahoV5 live = new PahoV5(node.port(), "ret-live").connect(PahoV5.options(true));
                PahoV5 publisher = new PahoV5(node.port(), "ret-pub").connect(PahoV5.options(true))) {
            live.client.subscribe("ret/#", 1);
            publish(publisher, "ret/a", "one", true);
            publish(publisher, "ret/b", "two", true);
            publish(publisher, "ret/c", "three", true);
            for (String expected : new String[] {"one", "two", "three"}) {
                assertThat(live.next().text()).isEqualTo(expected);
            }
            assertThat(retainedFor("ret/#", "ret-probe-1")).containsExactlyInAnyOrder("ret/a=one", "ret/b=two");

            // Clearing one makes room, but a payload past the byte bound (3 + 17 > 16) is still not kept.
            publish(publisher, "ret/a", "", true);
            publish(publisher, "ret/c", "x".repeat(17), true);
            assertThat(live.next().text()).isEmpty();
            assertThat(live.next().text()).isEqualTo("x".repeat(17));
            assertThat(retainedFor("ret/#", "ret-probe-2")).containsExactly("ret/b=two");

            publish(publisher, "ret/c", "small", true);
            assertThat(live.next().text()).isEqualTo("small");
            assertThat(retainedFor("ret/#", "ret-probe-3")).containsExactlyInAnyOrder("ret/b=two", "ret/c=small");
        }
    }

    @Test
    void aSessionAwayKeepsOnlyTheNewestQueuedMessages() throws Exception {
        MqttConnectionOptions persistent = PahoV5.options(false);
        persistent.setSessionExpiryInterval(300L);
        try (PahoV5 away = new PahoV5(node.port(), "queue-away").connect(persistent)) {
            away.client.subscribe("queued/news", 1);
            away.client.disconnect(2000);
        }
        try (PahoV5 publisher = new PahoV5(node.port(), "queue-pub").connect(PahoV5.options(true))) {
            for (int i = 1; i <= 4; i++) {
                publish(publisher, "queued/news", "m" + i, false);
            }
        }
        try (PahoV5 back = new PahoV5(node.port(), "queue-away")) {
            assertThat(back.client.connectWithResult(persistent).getSessionPresent())
                    .isTrue();
            assertThat(back.next().text()).isEqualTo("m3");
            assertThat(back.next().text()).isEqualTo("m4");
            assertThat(back.poll()).as("nothing beyond the two newest").isNull();
        }
    }

    @Test
    void aFilterOrTopicNameWithTooManyLevelsIsRefused() throws Exception {
        try (PahoV5 client = new PahoV5(node.port(), "levels").connect(PahoV5.options(true))) {
            IMqttToken subscribed = client.client.subscribe(
                    new MqttSubscription[] {new MqttSubscription("lv/+/+", 1), new MqttSubscription("lv/+/+/+", 1)},
                    null);
            assertThat(subscribed.getReasonCodes()).containsExactly(1, 0x8F);

            assertThatThrownBy(() -> publish(client, "lv/a/b/c", "four levels", false))
                    .isInstanceOf(MqttException.class);
            MqttDisconnectResponse disconnect = client.disconnected.get(10, TimeUnit.SECONDS);
            assertThat(disconnect.getReturnCode()).isEqualTo(0x90);
        }
    }
}
