package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a server that keeps two sessions and keeps an MQTT 3.1.1 session one second: the session away longest
 * makes room for a new one, a CONNECT is refused when none is away, and a 3.1.1 session expires.
 */
class MqttSessionsAreBoundedAndExpireTest {

    static SwitchboardServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.MQTT_MAX_SESSIONS, "2")
                .environmentEntry(ConfigKeys.MQTT_SESSION_EXPIRY, "1")
                .build();
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static MqttConnectionOptions persistent() {
        MqttConnectionOptions options = PahoV5.options(false);
        options.setSessionExpiryInterval(300L);
        return options;
    }

    @Test
    void theSessionAwayLongestMakesRoomAndAFullServerRefuses() throws Exception {
        new PahoV5(port, "bound-away").connect(persistent()).close();
        try (PahoV5 online = new PahoV5(port, "bound-online").connect(PahoV5.options(true));
                PahoV5 third = new PahoV5(port, "bound-third").connect(PahoV5.options(true))) {
            // Two sessions held by live connections: a third new session does not fit.
            try (PahoV3 refused = new PahoV3(port, "bound-refused")) {
                assertThatThrownBy(() -> refused.connect(PahoV3.options(true)))
                        .isInstanceOfSatisfying(
                                MqttException.class,
                                e -> assertThat(e.getReasonCode()).isEqualTo(3));
            }
        }
        // The away session was dropped for "bound-third": it is not present any more.
        try (PahoV5 back = new PahoV5(port, "bound-away")) {
            assertThat(back.client.connectWithResult(persistent()).getSessionPresent())
                    .isFalse();
        }
    }

    @Test
    void anMqtt311SessionExpiresAfterTheConfiguredTime() throws Exception {
        new PahoV3(port, "expires").connect(PahoV3.options(false)).close();
        try (PahoV3 soon = new PahoV3(port, "expires")) {
            assertThat(soon.client.connectWithResult(PahoV3.options(false)).getSessionPresent())
                    .isTrue();
        }
        long left = System.nanoTime();
        Await.until(
                "the one second session expiry has passed",
                () -> System.nanoTime() - left > TimeUnit.MILLISECONDS.toNanos(1500));
        try (PahoV3 late = new PahoV3(port, "expires")) {
            assertThat(late.client.connectWithResult(PahoV3.options(false)).getSessionPresent())
                    .isFalse();
        }
    }
}
