package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw WebSocket client names a QoS session ({@code sgc@qos-session}), stores a QoS 2 publication and releases
 * another, and loses its connection before the first release and before the second's acknowledgment. Its next
 * connection, naming the same key, takes the QoS 2 state over: the release processes the stored publication once,
 * the late retry of the released one is not processed again, and the subscriber sees each once. Another user's
 * connection naming the same key gets none of it, and a key held by a live connection is refused with -32009.
 */
class QosSessionKeepsQos2ExactlyOnceAcrossReconnectsTest {

    private static final String SGC = "esegece.com";
    private static final String KEY = "Zm9yLXRlc3RzLW9ubHktMQ";
    private static final String CHANNEL = "orders.qos2";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "pw");
        Users.add(users, "mallory", "pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static URI root() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    private static TestClient.Recorder sgc(HttpClient client, Map<String, String> headers) throws Exception {
        TestClient.Recorder socket = TestClient.connect(client, root(), headers, SGC);
        socket.nextContaining("sgc@session");
        return socket;
    }

    private static String request(String method, String params, String qos, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params
                + (qos == null ? "" : ",\"qos\":\"" + qos + "\"") + ",\"id\":\"" + id + "\"}";
    }

    private static String nameSession(String id) {
        return request("sgc@qos-session", "{\"key\":\"" + KEY + "\"}", null, id);
    }

    private static String publishQos2(String id, String message) {
        return request(
                "sgc@publish",
                "{\"channel\":\"" + CHANNEL + "\",\"message\":\"" + message + "\",\"qos\":\"qosLevel2\"}",
                "qosLevel2",
                id);
    }

    private static String pubrel(String id) {
        return request("sgc@pubrel", "{\"qos\":\"qosLevel2\"}", "qosLevel2", id);
    }

    /** The answer to a request, skipping the acknowledgment that comes first. */
    private static String reply(TestClient.Recorder socket, String id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }

    /** The message of the next {@code sgc@event}. */
    private static String nextEvent(TestClient.Recorder subscriber) throws InterruptedException {
        String event = subscriber.nextContaining("sgc@event");
        int start = event.indexOf("\"message\":\"") + 11;
        return event.substring(start, event.indexOf('"', start));
    }

    @Test
    void aReleaseCutOffIsProcessedOnceByTheNextConnectionOfTheSession() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder subscriber = sgc(client, Map.of())) {
            subscriber.send(request("sgc@subscribe", "{\"channel\":\"" + CHANNEL + "\"}", null, "s"));
            assertThat(reply(subscriber, "s")).contains("sgc@subscribe");

            try (TestClient.Recorder first = sgc(client, BasicAuth.basic("alice", "pw"));
                    TestClient.Recorder second = cutAndReconnect(client, subscriber, first)) {
                repeatOnTheNextConnection(client, subscriber, second);
            }
        }
    }

    /** Stores A, processes B, then cuts the connection; opens the next one of the same user. */
    private static TestClient.Recorder cutAndReconnect(
            HttpClient client, TestClient.Recorder subscriber, TestClient.Recorder first) throws Exception {
        first.send(nameSession("n1"));
        assertThat(reply(first, "n1")).contains("\"adopted\":false");
        try (TestClient.Recorder rival = sgc(client, BasicAuth.basic("alice", "pw"))) {
            rival.send(nameSession("r"));
            assertThat(reply(rival, "r")).contains("\"code\":-32009").contains("QoS session in use");
        }
        first.send(publishQos2("A", "stored"));
        assertThat(first.nextContaining("\"id\":\"A\"")).contains("sgc@pubrec");
        first.send(publishQos2("B", "released"));
        assertThat(first.nextContaining("\"id\":\"B\"")).contains("sgc@pubrec");
        first.send(pubrel("B"));
        assertThat(nextEvent(subscriber)).isEqualTo("released");
        // The cable is cut: no close frame; the client never saw B's acknowledgment nor released A.
        first.close();
        return sgc(client, BasicAuth.basic("alice", "pw"));
    }

    /** Takes the session over on the next connection, and repeats both flows. */
    private static void repeatOnTheNextConnection(
            HttpClient client, TestClient.Recorder subscriber, TestClient.Recorder second) throws Exception {
        // The server may not have seen the cut yet: until then the session is still held (-32009).
        int[] attempt = {0};
        String named = Await.value(
                "the next connection takes the session over",
                () -> {
                    String id = "n2-" + attempt[0]++;
                    second.send(nameSession(id));
                    return reply(second, id);
                },
                answer -> !answer.contains("-32009"));
        assertThat(named).contains("\"adopted\":true").contains("\"stored\":1").contains("\"released\":1");

        try (TestClient.Recorder mallory = sgc(client, BasicAuth.basic("mallory", "pw"))) {
            mallory.send(nameSession("m"));
            assertThat(reply(mallory, "m")).contains("\"adopted\":false");
            mallory.send(pubrel("A"));
            assertThat(mallory.nextContaining("\"id\":\"A\"")).contains("sgc@acknowledgment");
        }

        // The client repeats both flows from the start, as the Java client does.
        second.send(publishQos2("B", "released"));
        assertThat(second.nextContaining("\"id\":\"B\"")).contains("sgc@pubrec");
        second.send(pubrel("B"));
        assertThat(second.nextContaining("\"id\":\"B\"")).contains("sgc@acknowledgment");
        second.send(publishQos2("A", "stored"));
        assertThat(second.nextContaining("\"id\":\"A\"")).contains("sgc@pubrec");
        second.send(pubrel("A"));
        assertThat(second.nextContaining("\"id\":\"A\"")).contains("sgc@acknowledgment");
        second.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + CHANNEL
                + "\",\"message\":\"marker\"}}");

        // Everything before the marker: the stored publication once, no second copy of the released one, and
        // nothing from the other user's release.
        assertThat(nextEvent(subscriber)).isEqualTo("stored");
        assertThat(nextEvent(subscriber)).isEqualTo("marker");
    }
}
