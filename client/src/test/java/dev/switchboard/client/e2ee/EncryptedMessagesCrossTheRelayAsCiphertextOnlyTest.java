package dev.switchboard.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.Credentials;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three users exchange direct and group messages through a real server's E2EE relay, with the wire log on: every
 * message arrives decrypted at its recipients, while neither the frames the server handled, nor its log, nor its
 * history hold any of the plaintexts.
 */
class EncryptedMessagesCrossTheRelayAsCiphertextOnlyTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static Path wireLog;
    static final List<String> serverLog = new CopyOnWriteArrayList<>();
    static final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            serverLog.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** Everything a listener was told, as lines. */
    static final class Inbox implements E2eeListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void direct(String from, String text) {
            seen.add("direct " + from + ": " + text);
        }

        @Override
        public void group(String group, String from, String text) {
            seen.add("group " + group + " " + from + ": " + text);
        }

        @Override
        public void receipt(String from, String ref) {
            seen.add("receipt " + from + " " + ref);
        }

        @Override
        public void membership(String group, String user, boolean joined) {
            seen.add((joined ? "joined " : "left ") + group + " " + user);
        }

        @Override
        public void rejected(String from, E2eeException reason) {
            seen.add("rejected " + from + " " + reason.reason());
        }

        void await(String line) {
            Await.until("'" + line + "' in " + seen, () -> seen.contains(line));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        wireLog = dir.resolve("wire.log");
        server = TestServers.start(builder -> builder.environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Credentials.JWT_SECRET)
                .environmentEntry(ConfigKeys.WIRELOG_ENABLED, "true")
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
        Logger.getLogger("").removeHandler(capture);
    }

    private static E2eeClient connect(String user, Inbox inbox) throws Exception {
        E2eeClient client = E2eeClient.connect(
                LinkOptions.builder(TestServers.ws(server))
                        .auth(LinkAuth.bearer(() -> Credentials.token(user)))
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                inbox);
        client.ready().get(30, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void directAndGroupMessagesArriveDecryptedAndTheServerSeesNoneOfTheirText() throws Exception {
        Inbox alicesInbox = new Inbox();
        Inbox bobsInbox = new Inbox();
        Inbox carolsInbox = new Inbox();
        try (E2eeClient alice = connect("alice", alicesInbox);
                E2eeClient bob = connect("bob", bobsInbox);
                E2eeClient carol = connect("carol", carolsInbox)) {
            String ref = alice.sendDirect("bob", "the plans are in locker 42").get(30, TimeUnit.SECONDS);
            bobsInbox.await("direct alice: the plans are in locker 42");
            alicesInbox.await("receipt bob " + ref);

            alice.createGroup("ops").get(30, TimeUnit.SECONDS);
            bob.joinGroup("ops").get(30, TimeUnit.SECONDS);
            carol.joinGroup("ops").get(30, TimeUnit.SECONDS);
            alicesInbox.await("joined ops carol");
            alice.sendGroup("ops", "deploy window opens at 22:00").get(30, TimeUnit.SECONDS);
            bobsInbox.await("group ops alice: deploy window opens at 22:00");
            carolsInbox.await("group ops alice: deploy window opens at 22:00");
            bob.sendGroup("ops", "ack from bob").get(30, TimeUnit.SECONDS);
            alicesInbox.await("group ops bob: ack from bob");
            carolsInbox.await("group ops bob: ack from bob");

            carol.leaveGroup("ops").get(30, TimeUnit.SECONDS);
            alicesInbox.await("left ops carol");
            alice.sendGroup("ops", "carol is gone, rotate the door code").get(30, TimeUnit.SECONDS);
            bobsInbox.await("group ops alice: carol is gone, rotate the door code");

            bob.rotateIdentity().get(30, TimeUnit.SECONDS);
            alice.sendDirect("bob", "still reading you after your new key").get(30, TimeUnit.SECONDS);
            bobsInbox.await("direct alice: still reading you after your new key");

            assertThat(carolsInbox.seen).noneMatch(line -> line.contains("door code"));
            assertThat(alicesInbox.seen).noneMatch(line -> line.startsWith("rejected"));
            assertThat(bobsInbox.seen).noneMatch(line -> line.startsWith("rejected"));
            assertThat(carolsInbox.seen).noneMatch(line -> line.startsWith("rejected"));
        }

        List<String> secrets =
                List.of("locker 42", "deploy window", "ack from bob", "door code", "still reading you", "the plans");
        // The log is written in order: once bob's second receipt is in it, every frame with a text before it is too.
        Await.until(
                "the wire log to hold bob's second receipt",
                () -> Files.exists(wireLog) && Files.readString(wireLog).split("\"type\":\"receipt\"", -1).length > 2);
        String frames = Files.readString(wireLog);
        assertThat(frames).contains("\"ciphertext\"");
        String log = String.join("\n", serverLog);
        for (String secret : secrets) {
            assertThat(frames).as("the frames the server handled").doesNotContain(secret);
            assertThat(log).as("the server's log").doesNotContain(secret);
        }
        HttpResponse<String> channels = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(TestServers.http(server, "/admin/api/channels?limit=500"))
                                .header("Authorization", "Bearer " + Credentials.token("root", "admin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(channels.statusCode()).isEqualTo(200);
        jakarta.json.JsonArray items;
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(channels.body()))) {
            items = reader.readObject().getJsonArray("items");
        }
        assertThat(items.getValuesAs(jakarta.json.JsonObject.class))
                .as("the relay's channels")
                .filteredOn(channel -> channel.getString("name").contains("e2ee"))
                .isNotEmpty()
                .allSatisfy(channel -> assertThat(channel.getJsonObject("history")
                                .getJsonNumber("size")
                                .longValue())
                        .as("history of " + channel.getString("name"))
                        .isZero());
    }

    @Test
    void anEnvelopeClaimingAnotherSenderABadKeyAndAMalformedFrameGetErrors() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket.Listener collect = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.add(data.toString());
                socket.request(1);
                return null;
            }
        };
        WebSocket mallory = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + Credentials.token("mallory"))
                .subprotocols(E2eeClient.SUBPROTOCOL)
                .buildAsync(URI.create(TestServers.ws(server)), collect)
                .get(30, TimeUnit.SECONDS);
        Await.until("mallory's welcome", () -> received.stream().anyMatch(f -> f.contains("\"welcome\"")));
        mallory.sendText(
                        "{\"type\":\"direct\",\"id\":\"m1\",\"to\":\"bob\",\"envelope\":{\"from\":\"alice\",\"to\":\"bob\","
                                + "\"ciphertext\":\"AAAA\"}}",
                        true)
                .get(10, TimeUnit.SECONDS);
        mallory.sendText("{\"type\":\"publish-key\",\"id\":\"m2\",\"keyId\":\"x\",\"key\":\"BAAA\"}", true)
                .get(10, TimeUnit.SECONDS);
        mallory.sendText("not json", true).get(10, TimeUnit.SECONDS);
        Await.until(
                "three refusals",
                () -> received.stream().filter(f -> f.contains("\"error\"")).count() == 3);
        assertThat(received)
                .anyMatch(f -> f.contains("\"id\":\"m1\"") && f.contains("bad-envelope"))
                .anyMatch(f -> f.contains("\"id\":\"m2\"") && f.contains("bad-key"))
                .anyMatch(f -> f.contains("malformed"));
        mallory.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
}
