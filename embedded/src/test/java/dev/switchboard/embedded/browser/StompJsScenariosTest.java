package dev.switchboard.embedded.browser;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @stomp/stompjs} 7.5.0 in Node against the embedded server: login accepted and refused, topic
 * subscribe/send with receipts, client and client-individual acks, NACK redelivery, queue round robin and
 * handover on disconnect, {@code /user/queue}, transactions, binary bodies, heart-beats both ways, the three
 * versions and DISCONNECT. The scenario script is {@code src/test/browser/stomp-scenarios.mjs}.
 */
class StompJsScenariosTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(false);
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.STOMP_HEARTBEAT_SEND, "200")
                .environmentEntry(ConfigKeys.STOMP_HEARTBEAT_RECEIVE, "200")
                .environmentEntry(ConfigKeys.STOMP_MAX_PENDING_ACKS, "3")
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void stompJsClientsUseEveryFeatureOfTheStompSubprotocols() throws Exception {
        NodeScenario.run(TIMEOUT, "stomp-scenarios.mjs", base).assertOk("all stomp scenarios");
    }
}
