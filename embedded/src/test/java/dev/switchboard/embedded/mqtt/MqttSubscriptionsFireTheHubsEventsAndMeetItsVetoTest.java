package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.api.event.SubscribedEvent;
import dev.switchboard.api.event.UnsubscribedEvent;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An MQTT client's SUBSCRIBE and UNSUBSCRIBE fire the hub's subscription events like every other protocol's (an exact
 * topic by its channel name, a wildcard filter by its key), its subscriptions end with events when it disconnects,
 * and a subscribe handler's veto is a SUBACK failure (0x80) that fires no event.
 */
class MqttSubscriptionsFireTheHubsEventsAndMeetItsVetoTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static SwitchboardServer server;

    /** Records the events of MQTT connections. */
    @ApplicationScoped
    public static class Recorder {
        void subscribed(@Observes SubscribedEvent event) {
            EVENTS.add("sub " + event.channel());
        }

        void unsubscribed(@Observes UnsubscribedEvent event) {
            EVENTS.add("unsub " + event.channel() + (event.connectionClosed() ? " closed" : ""));
        }

        void disconnected(@Observes DisconnectEvent event) {
            EVENTS.add("disconnect");
        }
    }

    /** Refuses the channel {@code vetoed} to every client. */
    @ApplicationScoped
    public static class Veto implements SubscribeHandler {
        @Override
        public SubscribeDecision onSubscribe(SubscribeEvent event) {
            return event.channel().equals("vetoed")
                    ? SubscribeDecision.deny(-32003, "vetoed by the application")
                    : SubscribeDecision.allow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(Recorder.class, Veto.class)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void subscribeUnsubscribeAndDisconnectFireEventsAndAVetoIsASubackFailure() throws Exception {
        try (PahoV3 mqtt = new PahoV3(server.port(), "events-1").connect(PahoV3.options(true))) {
            mqtt.client.subscribe("sensors", 0);
            mqtt.client.subscribe("home/+/temp", 0);
            Await.until(
                    "both subscriptions seen",
                    () -> EVENTS.containsAll(List.of("sub sensors", "sub mqtt:home/+/temp")));

            mqtt.client.unsubscribe("sensors");
            Await.until("unsubscription seen", () -> EVENTS.contains("unsub sensors"));

            int granted;
            try {
                granted = mqtt.client.subscribeWithResponse("vetoed", 0).getGrantedQos()[0];
            } catch (MqttException e) {
                // Paho reports a SUBACK failure either way, depending on its version.
                granted = e.getReasonCode();
            }
            assertThat(granted).isEqualTo(0x80);

            mqtt.client.disconnect();
            Await.until("disconnect seen", () -> EVENTS.contains("disconnect"));
            assertThat(EVENTS)
                    .containsSubsequence("unsub mqtt:home/+/temp closed", "disconnect")
                    .noneMatch(e -> e.contains("vetoed"));
        }
    }
}
