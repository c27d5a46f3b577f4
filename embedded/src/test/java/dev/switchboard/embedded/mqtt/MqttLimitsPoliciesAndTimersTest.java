package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.CloseCodes;
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
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT against a server with a subscribe and publish policy, anonymous clients refused, a subscription budget of two
 * and a keep-alive cap of two seconds: authorisation by the CONNECT's identity, budget refusals, keep-alive
 * enforcement, and the will's delay and its DISCONNECT 0x04.
 */
class MqttLimitsPoliciesAndTimersTest {

    @TempDir
    static Path dataDir;

    static SwitchboardServer server;
    static HttpClient http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .beanClasses(SecretTopicsNeedAlice.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.MQTT_ALLOW_ANONYMOUS, "false")
                .environmentEntry(ConfigKeys.MQTT_MAX_KEEP_ALIVE, "2")
                .environmentEntry("switchboard.budget.subscriptions", "2")
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

    private static MqttConnectionOptions as(String user) {
        MqttConnectionOptions options = PahoV5.options(true);
        options.setUserName(user);
        options.setPassword((user + "-pw").getBytes(StandardCharsets.UTF_8));
        options.setKeepAliveInterval(1);
        return options;
    }

    /** CONNECT 5 with a user name and password and the given keep-alive and will (topic, delay) or none. */
    private static byte[] connect(String clientId, String user, int keepAlive, String willTopic, int willDelay) {
        return connect(clientId, user, keepAlive, willTopic, willDelay, 0);
    }

    /** As above, with a Session Expiry Interval. */
    private static byte[] connect(
            String clientId, String user, int keepAlive, String willTopic, int willDelay, int sessionExpiry) {
        boolean will = willTopic != null;
        int flags = 0x02 | 0x80 | 0x40 | (will ? 0x04 : 0);
        byte[] willPart = will
                ? RawMqtt.concat(
                        RawMqtt.bytes(5, 0x18, 0, 0, 0, willDelay),
                        RawMqtt.string(willTopic),
                        RawMqtt.string(clientId + " gone"))
                : RawMqtt.bytes();
        return RawMqtt.packet(
                0x10,
                RawMqtt.concat(
                        RawMqtt.string("MQTT"),
                        RawMqtt.bytes(5, flags, keepAlive >>> 8, keepAlive),
                        RawMqtt.bytes(5, 0x11, 0, 0, 0, sessionExpiry),
                        RawMqtt.string(clientId),
                        willPart,
                        RawMqtt.string(user),
                        RawMqtt.string(user + "-pw")));
    }

    @Test
    void anAnonymousConnectIsRefusedWhenAnonymousClientsAreOff() throws Exception {
        try (PahoV5 anonymous = new PahoV5(port, "nobody")) {
            assertThatThrownBy(() -> anonymous.connect(PahoV5.options(true)))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
        }
    }

    @Test
    void thePolicySeesTheIdentityTheConnectProved() throws Exception {
        try (PahoV5 alice = new PahoV5(port, "alice-1").connect(as("alice"));
                PahoV5 bob = new PahoV5(port, "bob-1").connect(as("bob"))) {
            IMqttToken aliceSub =
                    alice.client.subscribe(new MqttSubscription[] {new MqttSubscription("secret/+", 1)}, null);
            assertThat(aliceSub.getReasonCodes()).containsExactly(1);
            IMqttToken bobSub =
                    bob.client.subscribe(new MqttSubscription[] {new MqttSubscription("secret/plans", 1)}, null);
            assertThat(bobSub.getReasonCodes()).containsExactly(0x87);
            MqttMessage refused = new MqttMessage("from bob".getBytes(StandardCharsets.UTF_8));
            refused.setQos(1);
            IMqttToken published = bob.client.getTopic("secret/plans").publish(refused);
            published.waitForCompletion(10_000);
            assertThat(published.getReasonCodes()).containsExactly(0x87);
            alice.client.publish("secret/plans", "from alice".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(alice.next().text()).isEqualTo("from alice");
        }
    }

    @Test
    void aSubscriptionOverTheBudgetIsRefusedWithQuotaExceeded() throws Exception {
        try (RawMqtt raw = RawMqtt.connect(http, port)) {
            raw.send(connect("budget", "bob", 60, null, 0));
            assertThat(raw.next()[0]).isEqualTo((byte) 0x20);
            byte[] subscribe = RawMqtt.packet(
                    0x82,
                    RawMqtt.concat(
                            RawMqtt.bytes(0, 1, 0),
                            RawMqtt.string("b/1"),
                            RawMqtt.bytes(0),
                            RawMqtt.string("b/+"),
                            RawMqtt.bytes(0),
                            RawMqtt.string("b/3"),
                            RawMqtt.bytes(0)));
            raw.send(subscribe);
            // SUBACK: id 1, no properties, then one reason code per filter.
            assertThat(raw.next()).containsExactly(0x90, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x97);
        }
    }

    @Test
    void aSilentClientIsCutOffAfterOneAndAHalfKeepAlivesAndItsWillGoesOut() throws Exception {
        try (PahoV5 watcher = new PahoV5(port, "ka-watch").connect(as("alice"));
                RawMqtt silent = RawMqtt.connect(http, port)) {
            watcher.client.subscribe("ka/+", 0);
            silent.send(connect("ka-silent", "bob", 1, "ka/silent", 0));
            assertThat(silent.next()[0]).isEqualTo((byte) 0x20);
            byte[] disconnect = silent.next();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x8D);
            assertThat(silent.closeCode()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
            assertThat(watcher.next().text()).isEqualTo("ka-silent gone");
        }
    }

    @Test
    void aKeepAliveOverTheCapIsAnsweredWithServerKeepAlive() throws Exception {
        try (RawMqtt raw = RawMqtt.connect(http, port)) {
            raw.send(connect("ka-long", "bob", 600, null, 0));
            byte[] connack = raw.next();
            // Server Keep Alive (0x13) of 2 s among the CONNACK properties.
            String hex = java.util.HexFormat.of().formatHex(connack);
            assertThat(hex).contains("130002");
        }
    }

    @Test
    void aDelayedWillIsCancelledByAReconnectAndDisconnect0x04SendsIt() throws Exception {
        try (PahoV5 watcher = new PahoV5(port, "wd-watch").connect(as("alice"))) {
            watcher.client.subscribe("wd/+", 1);
            RawMqtt first = RawMqtt.connect(http, port);
            // The will waits for its delay only while the session lives on: the session expiry is 60 s.
            first.send(connect("wd-client", "bob", 60, "wd/client", 2, 60));
            assertThat(first.next()[0]).isEqualTo((byte) 0x20);
            first.abort();
            // Back within the two seconds of delay: the will is cancelled.
            try (RawMqtt again = RawMqtt.connect(http, port)) {
                again.send(connect("wd-client", "bob", 60, "wd/client", 0));
                assertThat(again.next()[0]).isEqualTo((byte) 0x20);
                long reconnected = System.nanoTime();
                Await.until(
                        "the first will's delay has passed",
                        () -> System.nanoTime() - reconnected > TimeUnit.MILLISECONDS.toNanos(2500));
                assertThat(watcher.poll()).isNull();
                // DISCONNECT 0x04: disconnect with will message.
                again.send(RawMqtt.bytes(0xE0, 0x01, 0x04));
                PahoV5.Received will = watcher.next();
                assertThat(will.topic()).isEqualTo("wd/client");
                assertThat(will.text()).isEqualTo("wd-client gone");
            }
        }
    }
}
