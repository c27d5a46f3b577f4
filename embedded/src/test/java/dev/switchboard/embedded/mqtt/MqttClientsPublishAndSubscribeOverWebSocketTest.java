package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse Paho MQTT 3.1.1 and 5.0 clients over WebSocket against the embedded server: login against the users file,
 * QoS 0, 1 and 2 both ways, persistent sessions, retained messages, wills, MQTT 5 properties and take-over.
 */
class MqttClientsPublishAndSubscribeOverWebSocketTest {

    @TempDir
    static Path dataDir;

    static SwitchboardServer server;
    static HttpClient http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
        port = server.port();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aUserOfTheUsersFileLogsInAndAWrongPasswordIsRefusedInBothVersions() throws Exception {
        MqttConnectOptions good = PahoV3.options(true);
        good.setUserName("alice");
        good.setPassword("alice-pw".toCharArray());
        try (PahoV3 client = new PahoV3(port, "login-ok").connect(good)) {
            assertThat(client.client.isConnected()).isTrue();
        }
        MqttConnectOptions bad = PahoV3.options(true);
        bad.setUserName("alice");
        bad.setPassword("wrong".toCharArray());
        try (PahoV3 client = new PahoV3(port, "login-bad")) {
            assertThatThrownBy(() -> client.connect(bad))
                    .isInstanceOfSatisfying(
                            MqttSecurityException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(4));
        }
        MqttConnectionOptions bad5 = PahoV5.options(true);
        bad5.setUserName("alice");
        bad5.setPassword(utf8("wrong"));
        try (PahoV5 client = new PahoV5(port, "login-bad-5")) {
            assertThatThrownBy(() -> client.connect(bad5))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        }
    }

    @Test
    void qosZeroOneAndTwoFlowBothWaysAtTheLowerOfPublishedAndGranted() throws Exception {
        try (PahoV5 subscriber = new PahoV5(port, "qos-sub").connect(PahoV5.options(true));
                PahoV3 publisher = new PahoV3(port, "qos-pub").connect(PahoV3.options(true))) {
            subscriber.client.subscribe("qos/#", 2);
            for (int qos = 0; qos <= 2; qos++) {
                publisher.client.publish("qos/level", utf8("at " + qos), qos, false);
                PahoV5.Received received = subscriber.next();
                assertThat(received.topic()).isEqualTo("qos/level");
                assertThat(received.text()).isEqualTo("at " + qos);
                assertThat(received.message().getQos()).isEqualTo(qos);
            }
        }
        try (PahoV3 subscriber = new PahoV3(port, "qos-sub-3").connect(PahoV3.options(true));
                PahoV5 publisher = new PahoV5(port, "qos-pub-5").connect(PahoV5.options(true))) {
            subscriber.client.subscribe("granted/+", 1);
            publisher.client.publish("granted/one", utf8("two"), 2, false);
            PahoV3.Received received = subscriber.next();
            assertThat(received.text()).isEqualTo("two");
            assertThat(received.message().getQos()).isEqualTo(1);
        }
    }

    @Test
    void aPersistentSessionKeepsItsSubscriptionAndQueuesWhileTheClientIsAway() throws Exception {
        PahoV3 keeper = new PahoV3(port, "keeper").connect(PahoV3.options(false));
        keeper.client.subscribe("away/news", 1);
        keeper.close();
        try (PahoV3 publisher = new PahoV3(port, "away-pub").connect(PahoV3.options(true))) {
            for (int i = 1; i <= 3; i++) {
                publisher.client.publish("away/news", utf8("news " + i), 1, false);
            }
        }
        try (PahoV3 back = new PahoV3(port, "keeper")) {
            var token = back.client.connectWithResult(PahoV3.options(false));
            assertThat(token.getSessionPresent()).isTrue();
            assertThat(List.of(
                            back.next().text(), back.next().text(), back.next().text()))
                    .containsExactly("news 1", "news 2", "news 3");
        }
        // A clean session starts empty: nothing of the old one is present.
        try (PahoV3 clean = new PahoV3(port, "keeper")) {
            assertThat(clean.client.connectWithResult(PahoV3.options(true)).getSessionPresent())
                    .isFalse();
        }
    }

    @Test
    void aRetainedMessageReachesLaterSubscribersUntilAnEmptyOneClearsIt() throws Exception {
        try (PahoV3 publisher = new PahoV3(port, "ret-pub").connect(PahoV3.options(true))) {
            publisher.client.publish("ret/a", utf8("kept"), 1, true);
            try (PahoV5 late = new PahoV5(port, "ret-late").connect(PahoV5.options(true))) {
                late.client.subscribe("ret/+", 1);
                PahoV5.Received received = late.next();
                assertThat(received.text()).isEqualTo("kept");
                assertThat(received.message().isRetained()).isTrue();
                // Live, the same topic arrives without the retain flag (retain-as-published is off).
                publisher.client.publish("ret/a", utf8("live"), 1, true);
                PahoV5.Received live = late.next();
                assertThat(live.text()).isEqualTo("live");
                assertThat(live.message().isRetained()).isFalse();
            }
            publisher.client.publish("ret/a", new byte[0], 1, true);
            try (PahoV5 later = new PahoV5(port, "ret-later").connect(PahoV5.options(true))) {
                later.client.subscribe("ret/+", 1);
                publisher.client.publish("ret/marker", utf8("marker"), 1, false);
                assertThat(later.next().text()).isEqualTo("marker");
            }
        }
    }

    @Test
    void aWillIsPublishedWhenTheClientDropsButNotAfterItsDisconnect() throws Exception {
        try (PahoV3 watcher = new PahoV3(port, "will-watch").connect(PahoV3.options(true))) {
            watcher.client.subscribe("wills/+", 0);
            try (RawMqtt polite = RawMqtt.connect(http, port)) {
                polite.send(RawMqtt.connectWithWill("polite", "wills/polite", "polite died"));
                assertThat(polite.next()[0]).isEqualTo((byte) 0x20);
                polite.send(RawMqtt.bytes(0xE0, 0x00));
                polite.closeCode();
            }
            try (RawMqtt rude = RawMqtt.connect(http, port)) {
                rude.send(RawMqtt.connectWithWill("rude", "wills/rude", "rude died"));
                assertThat(rude.next()[0]).isEqualTo((byte) 0x20);
                rude.abort();
            }
            PahoV3.Received will = watcher.next();
            assertThat(will.topic()).isEqualTo("wills/rude");
            assertThat(will.text()).isEqualTo("rude died");
        }
    }

    @Test
    void mqtt5PropertiesPassThroughAndMessageExpiryCountsDown() throws Exception {
        try (PahoV5 subscriber = new PahoV5(port, "props-sub").connect(PahoV5.options(true));
                PahoV5 publisher = new PahoV5(port, "props-pub").connect(PahoV5.options(true))) {
            subscriber.client.subscribe("props/t", 1);
            MqttMessage message = new MqttMessage(utf8("{\"q\":1}"));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("trace", "abc")));
            properties.setResponseTopic("props/reply");
            properties.setCorrelationData(new byte[] {7, 8, 9});
            properties.setContentType("application/json");
            properties.setMessageExpiryInterval(60L);
            message.setProperties(properties);
            publisher.client.publish("props/t", message);
            MqttProperties got = subscriber.next().message().getProperties();
            assertThat(got.getUserProperties())
                    .extracting(UserProperty::getKey, UserProperty::getValue)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("trace", "abc"));
            assertThat(got.getResponseTopic()).isEqualTo("props/reply");
            assertThat(got.getCorrelationData()).containsExactly(7, 8, 9);
            assertThat(got.getContentType()).isEqualTo("application/json");
            assertThat(got.getMessageExpiryInterval()).isBetween(1L, 60L);
        }
    }

    @Test
    void anExpiredMessageIsNotDeliveredToASessionThatComesBack() throws Exception {
        MqttConnectionOptions persistent = PahoV5.options(false);
        persistent.setSessionExpiryInterval(300L);
        PahoV5 away = new PahoV5(port, "expiry-sub").connect(persistent);
        away.client.subscribe("expiry/t", 1);
        away.close();
        try (PahoV5 publisher = new PahoV5(port, "expiry-pub").connect(PahoV5.options(true))) {
            for (long seconds : new long[] {1, 300}) {
                MqttMessage message = new MqttMessage(utf8("lives " + seconds));
                message.setQos(1);
                MqttProperties properties = new MqttProperties();
                properties.setMessageExpiryInterval(seconds);
                message.setProperties(properties);
                publisher.client.publish("expiry/t", message);
            }
        }
        long published = System.nanoTime();
        Await.until(
                "the short message's second has passed",
                () -> System.nanoTime() - published > TimeUnit.MILLISECONDS.toNanos(1500));
        MqttConnectionOptions resume = PahoV5.options(false);
        resume.setSessionExpiryInterval(300L);
        try (PahoV5 back = new PahoV5(port, "expiry-sub").connect(resume)) {
            PahoV5.Received received = back.next();
            assertThat(received.text()).isEqualTo("lives 300");
            assertThat(back.poll()).isNull();
        }
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesTheSessionOver() throws Exception {
        PahoV5 first = new PahoV5(port, "taken").connect(PahoV5.options(true));
        try (PahoV5 second = new PahoV5(port, "taken").connect(PahoV5.options(true))) {
            assertThat(first.disconnected.get(10, TimeUnit.SECONDS).getReturnCode())
                    .isEqualTo(0x8E);
            assertThat(second.client.isConnected()).isTrue();
        } finally {
            first.client.close(true);
        }
    }

    @Test
    void anMqtt5ClientWithoutIdIsAssignedOne() throws Exception {
        try (PahoV5 anonymous = new PahoV5(port, "")) {
            IMqttToken token = anonymous.client.connectWithResult(PahoV5.options(true));
            assertThat(token.getResponseProperties().getAssignedClientIdentifier())
                    .startsWith("sb-");
        }
    }

    @Test
    void subscriptionsAnswerPerFilterWithTheGrantedQosOrAFailure() throws Exception {
        try (PahoV5 client = new PahoV5(port, "suback").connect(PahoV5.options(true))) {
            IMqttToken token = client.client.subscribe(
                    new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                        new org.eclipse.paho.mqttv5.common.MqttSubscription("ok/+", 2),
                        new org.eclipse.paho.mqttv5.common.MqttSubscription("$share/g/x", 1)
                    },
                    null);
            assertThat(token.getReasonCodes()).containsExactly(2, 0x9E);
        }
    }
}
