package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAMP sessions meet the permission rules like every protocol (a SUBSCRIBE or PUBLISH the rules deny gets ERROR
 * {@code wamp.error.not_authorized}, the user the rules admit is served, by a ticket login) and the router's own
 * bounds: registrations and pending calls per connection; a {@code skip} cancel answers the caller at once and
 * drops the callee's late result.
 */
class WampMeetsThePermissionRulesAndItsBoundsTest {

    @TempDir
    static Path dataDir;

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of("staff"));
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "staff.*=staff")
                .environmentEntry(ConfigKeys.AUTH_PUBLISH, "announce.*=staff")
                .environmentEntry(ConfigKeys.WAMP_MAX_REGISTRATIONS, "2")
                .environmentEntry(ConfigKeys.WAMP_MAX_PENDING_CALLS, "2")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    private static TestClient.Recorder login(String user) throws Exception {
        TestClient.Recorder wamp = TestClient.connect(http, TestClient.ws(server), "wamp.2.json");
        assertThat(wamp.ask("[1,\"realm1\",{\"authmethods\":[\"ticket\"],\"authid\":\"" + user + "\",\"roles\":{}}]"))
                .isEqualTo("[4,\"ticket\",{}]");
        assertThat(wamp.ask("[5,\"" + user + "-pw\",{}]"))
                .startsWith("[2,")
                .contains("\"authid\":\"" + user + "\"")
                .contains("\"authmethod\":\"ticket\"");
        return wamp;
    }

    private static TestClient.Recorder anonymous() throws Exception {
        TestClient.Recorder wamp = TestClient.connect(http, TestClient.ws(server), "wamp.2.json");
        assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{}}]"))
                .startsWith("[2,")
                .contains("\"authmethod\":\"anonymous\"");
        return wamp;
    }

    @Test
    void theRulesDecideWhoSubscribesAndPublishes() throws Exception {
        try (TestClient.Recorder alice = login("alice");
                TestClient.Recorder bob = login("bob");
                TestClient.Recorder nobody = anonymous()) {
            assertThat(alice.ask("[32,1,{},\"staff.news\"]")).isEqualTo("[33,1,1]");
            assertThat(bob.ask("[32,1,{},\"staff.news\"]")).startsWith("[8,32,1,{},\"wamp.error.not_authorized\"");
            assertThat(nobody.ask("[16,1,{\"acknowledge\":true},\"announce.all\",[\"x\"]]"))
                    .startsWith("[8,16,1,{},\"wamp.error.not_authorized\"");
            assertThat(alice.ask("[16,2,{\"acknowledge\":true},\"announce.all\",[\"x\"]]"))
                    .startsWith("[17,2,");
            // A refusal is an error for that request only: bob's session goes on.
            assertThat(bob.ask("[32,2,{},\"public.news\"]")).isEqualTo("[33,2,1]");
        }
    }

    @Test
    void registrationsAndPendingCallsAreBoundedAndASkipCancelAnswersAtOnce() throws Exception {
        try (TestClient.Recorder callee = anonymous();
                TestClient.Recorder caller = anonymous()) {
            String tag = "bounds" + System.nanoTime();
            assertThat(callee.ask("[64,1,{},\"" + tag + ".a\"]")).startsWith("[65,1,");
            assertThat(callee.ask("[64,2,{},\"" + tag + ".b\"]")).startsWith("[65,2,");
            assertThat(callee.ask("[64,3,{},\"" + tag + ".c\"]"))
                    .startsWith("[8,64,3,{},\"switchboard.error.budget_exceeded\"");

            caller.send("[48,1,{},\"" + tag + ".a\",[1]]");
            String first = callee.nextText();
            assertThat(first).startsWith("[68,1,");
            caller.send("[48,2,{},\"" + tag + ".a\",[2]]");
            assertThat(callee.nextText()).startsWith("[68,2,");
            assertThat(caller.ask("[48,3,{},\"" + tag + ".a\",[3]]"))
                    .startsWith("[8,48,3,{},\"switchboard.error.budget_exceeded\"");

            assertThat(caller.ask("[49,1,{\"mode\":\"skip\"}]")).startsWith("[8,48,1,{},\"wamp.error.canceled\"");
            // The callee's late result for the skipped call is dropped; the other call's result arrives.
            callee.send("[70,1,{},[\"late\"]]");
            callee.send("[70,2,{},[\"second\"]]");
            assertThat(caller.nextText()).isEqualTo("[50,2,{},[\"second\"]]");
            assertThat(caller.pollText(Duration.ofMillis(200))).isNull();
        }
    }
}
