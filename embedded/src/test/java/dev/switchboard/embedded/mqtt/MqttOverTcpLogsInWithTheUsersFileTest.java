package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client over plain TCP authenticates with its CONNECT user name and password, against the users file as over
 * WebSocket; with {@code switchboard.auth.required} on, where a WebSocket client without credentials is refused at the
 * handshake, a TCP client without a user name is refused at CONNECT (return code 5).
 */
class MqttOverTcpLogsInWithTheUsersFileTest {

    @TempDir
    static Path dataDir;

    private static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        node = RunningNode.start(builder -> builder.mqttTcpPort(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true"));
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

    private static MqttConnectOptions login(String user, String password) {
        MqttConnectOptions options = PahoV3.options(true);
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        return options;
    }

    @Test
    void aUserOfTheUsersFileLogsInOverTcpAndPublishes() throws Exception {
        try (PahoV3 alice = PahoV3.overTcp(tcpPort(), "alice-tcp").connect(login("alice", "alice-pw"))) {
            alice.client.subscribe("alice/notes", 1);
            alice.client.publish("alice/notes", "note".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(alice.next().text()).isEqualTo("note");
        }
    }

    @Test
    void aWrongPasswordIsRefusedOverTcp() throws Exception {
        try (PahoV3 client = PahoV3.overTcp(tcpPort(), "wrong-tcp")) {
            assertThatThrownBy(() -> client.connect(login("alice", "wrong")))
                    .isInstanceOfSatisfying(
                            MqttSecurityException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(4));
        }
    }

    @Test
    void aClientWithoutUserNameIsRefusedOverTcpWhenAuthenticationIsRequired() throws Exception {
        try (PahoV3 client = PahoV3.overTcp(tcpPort(), "anonymous-tcp")) {
            assertThatThrownBy(() -> client.connect(PahoV3.options(true)))
                    .isInstanceOfSatisfying(
                            MqttSecurityException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(5));
        }
    }
}
