package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.RunningNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * STOMP connections meet the firewall's message limits and the permission rules like every protocol: an oversize
 * frame closes with 1009 and a flood with 1008 before the STOMP engine sees them; a SUBSCRIBE or SEND the rules deny
 * gets an ERROR and a close 1008, while the user the rules admit is served.
 */
class StompMeetsTheFirewallAndThePermissionRulesTest {

    private static final Map<String, String> STOMP = Map.of("Sec-WebSocket-Protocol", "v12.stomp");

    /** Made by JUnit's own extension, which runs before the node's. */
    @TempDir
    static Path dataDir;

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> {
        try {
            Path users = dataDir.resolve("users");
            UsersFile.addOrUpdate(
                    users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of("staff"));
            UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of());
            builder.dataDir(dataDir)
                    .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                    .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "staff.*=staff")
                    .environmentEntry(ConfigKeys.AUTH_PUBLISH, "announce.*=staff")
                    .environmentEntry(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true")
                    .environmentEntry(ConfigKeys.FIREWALL_FLOOD_MAX, "20")
                    .environmentEntry(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, "true")
                    .environmentEntry(ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, "300");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private static TestClient.Recorder login(String user) throws Exception {
        TestClient.Recorder stomp = TestClient.connect(node.client(), node.ws("/"), "v12.stomp");
        assertThat(stomp.ask("CONNECT\naccept-version:1.2\nhost:/\nlogin:" + user + "\npasscode:" + user + "-pw\n\n\0"))
                .startsWith("CONNECTED\n");
        return stomp;
    }

    @Test
    void anOversizeStompFrameIsClosedByTheFirewallWith1009() throws Exception {
        try (LoopbackClient client = LoopbackClient.request("127.0.0.41", node.port(), "GET", "/", true, STOMP)) {
            assertThat(client.status).isEqualTo(101);
            client.sendText("CONNECT\naccept-version:1.2\nhost:/\n\n\0");
            client.sendText("SEND\ndestination:/topic/big\n\n" + "x".repeat(400) + "\0");
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void aFloodOfStompFramesIsClosedByTheFirewallWith1008() throws Exception {
        try (LoopbackClient client = LoopbackClient.request("127.0.0.42", node.port(), "GET", "/", true, STOMP)) {
            assertThat(client.status).isEqualTo(101);
            client.sendText("CONNECT\naccept-version:1.2\nhost:/\n\n\0");
            for (int i = 0; i < 60; i++) {
                client.sendText("SEND\ndestination:/topic/flood\n\nm" + i + "\0");
            }
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void aSubscribeTheRulesDenyGetsAnErrorAndA1008WhileTheAdmittedUserIsServed() throws Exception {
        try (TestClient.Recorder alice = login("alice");
                TestClient.Recorder bob = login("bob")) {
            assertThat(alice.ask("SUBSCRIBE\nid:0\ndestination:/topic/staff.news\nreceipt:s\n\n\0"))
                    .startsWith("RECEIPT\n");

            String error = bob.ask("SUBSCRIBE\nid:0\ndestination:/topic/staff.news\nreceipt:s\n\n\0");
            assertThat(error).startsWith("ERROR\n").contains("receipt-id:s");
            assertThat(bob.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);

            // The RECEIPT and alice's own MESSAGE travel on different paths: either may come first.
            List<String> frames = List.of(
                    alice.ask("SEND\ndestination:/topic/staff.news\nreceipt:p\n\nfor staff\0"), alice.nextText());
            assertThat(frames).anySatisfy(frame -> assertThat(frame).startsWith("RECEIPT\n"));
            assertThat(frames)
                    .anySatisfy(
                            frame -> assertThat(frame).startsWith("MESSAGE\n").endsWith("\n\nfor staff\0"));
        }
    }

    @Test
    void aSendTheRulesDenyGetsAnErrorAndA1008AndReachesNoOne() throws Exception {
        try (TestClient.Recorder alice = login("alice");
                TestClient.Recorder bob = login("bob")) {
            assertThat(alice.ask("SUBSCRIBE\nid:0\ndestination:/topic/announce.all\nreceipt:s\n\n\0"))
                    .startsWith("RECEIPT\n");

            String error = bob.ask("SEND\ndestination:/topic/announce.all\nreceipt:p\n\nfrom bob\0");
            assertThat(error).startsWith("ERROR\n").contains("receipt-id:p");
            assertThat(bob.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);

            assertThat(alice.ask("SEND\ndestination:/topic/announce.all\n\nfrom alice\0"))
                    .as("the first message alice gets is her own: bob's never arrived")
                    .startsWith("MESSAGE\n")
                    .endsWith("\n\nfrom alice\0");
        }
    }
}
