package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SSE over real HTTP on the embedded server, with the in-memory history store. */
class SseScenarioTest {

    static SwitchboardServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(SseTestProtocol.class)
                .environmentEntry(ConfigKeys.SSE_HEARTBEAT_INTERVAL, "1")
                .environmentEntry(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, "1000")
                .build();
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        server.stop();
    }

    static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    static SseClient sse(String pathAndQuery) throws Exception {
        return SseClient.open(client, uri(pathAndQuery), Map.of());
    }

    static SseClient sse(String pathAndQuery, String lastEventId) throws Exception {
        return SseClient.open(client, uri(pathAndQuery), Map.of("Last-Event-ID", lastEventId));
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes through a separate SSE connection of the test protocol and waits for the answer. */
    static void publish(String channel, String text) throws Exception {
        try (SseClient publisher = sse("/sse?subprotocol=" + SseTestProtocol.NAME)) {
            String id = publisher.next("connection").data();
            assertThat(post("/sse/send/" + id, "publish " + channel + " " + text)
                            .statusCode())
                    .isEqualTo(202);
            assertThat(publisher.next().data()).startsWith("ok ");
        }
    }

    @Test
    void streamHasEventStreamHeadersRetryAndTheConnectionIdFirst() throws Exception {
        try (SseClient stream = sse("/sse/headers")) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type.toLowerCase().replace(" ", ""))
                            .isEqualTo("text/event-stream;charset=utf-8"));
            assertThat(stream.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(stream.response.headers().firstValue("X-Accel-Buffering"))
                    .hasValue("no");

            SseClient.Event first = stream.next();

            assertThat(first.type()).isEqualTo("connection");
            assertThat(first.data()).matches("[0-9a-f-]{36}");
            assertThat(stream.retry).isEqualTo(3000);
        }
    }

    @Test
    void heartbeatCommentsArriveOnAnIdleStream() throws Exception {
        try (SseClient stream = sse("/sse/idle")) {
            stream.next("connection");

            assertThat(stream.comments.poll(SseClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .startsWith(":");
        }
    }

    @Test
    void aPublicationReachesWebSocketAndSseSubscribersAlike() throws Exception {
        BlockingQueue<String> wsTexts = new LinkedBlockingQueue<>();
        WebSocket socket = client.newWebSocketBuilder()
                .subprotocols(SseTestProtocol.NAME)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        wsTexts.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try (SseClient plain = sse("/sse/mixed");
                SseClient masked = sse("/sse?channel=mix*&subprotocol=" + SseTestProtocol.NAME)) {
            plain.next("connection");
            masked.next("connection");
            socket.sendText("sub mixed", true);
            assertThat(wsTexts.poll(10, TimeUnit.SECONDS)).isEqualTo("ok [mixed]");

            socket.sendText("publish mixed line one\nline two", true);

            assertThat(wsTexts.poll(10, TimeUnit.SECONDS)).isEqualTo("mixed|line one\nline two");
            SseClient.Event plainEvent = plain.next("message");
            assertThat(plainEvent.data()).isEqualTo("line one\nline two");
            assertThat(plainEvent.id()).startsWith("mixed=");
            SseClient.Event maskedEvent = masked.next("message");
            assertThat(maskedEvent.data()).isEqualTo("mixed|line one\nline two");
            // Reached through a mask only: masks do not resume, so the event carries no id.
            assertThat(maskedEvent.id()).isEmpty();
        } finally {
            socket.abort();
        }
    }

    @Test
    void lastEventIdReplaysExactlyWhatWasMissedFromMemory() throws Exception {
        String lastId;
        try (SseClient stream = sse("/sse/resume")) {
            stream.next("connection");
            publish("resume", "one");
            SseClient.Event one = stream.next("message");
            assertThat(one.data()).isEqualTo("one");
            lastId = one.id();
        }
        publish("resume", "two");
        publish("resume", "three");

        try (SseClient resumed = sse("/sse/resume", lastId)) {
            resumed.next("connection");

            SseClient.Event two = resumed.next();
            SseClient.Event three = resumed.next();
            assertThat(two.type()).isEqualTo("message");
            assertThat(two.data()).isEqualTo("two");
            assertThat(three.data()).isEqualTo("three");
            publish("resume", "four");
            assertThat(resumed.next().data()).isEqualTo("four");
        }
    }

    @Test
    void aCursorNamesEveryChannelSoAMultiChannelStreamResumesBoth() throws Exception {
        String lastId;
        try (SseClient stream = sse("/sse?channel=multi-a&channel=multi-b")) {
            stream.next("connection");
            publish("multi-a", "a1");
            SseClient.Event a1 = stream.next("message");
            assertThat(a1.id()).contains("multi-a=").contains("multi-b=");
            lastId = a1.id();
        }
        publish("multi-b", "b1");
        publish("multi-a", "a2");

        try (SseClient resumed = sse("/sse?channel=multi-a&channel=multi-b", lastId)) {
            resumed.next("connection");
            java.util.List<String> replayed =
                    java.util.List.of(resumed.next().data(), resumed.next().data());
            assertThat(replayed).containsExactlyInAnyOrder("a2", "b1");
        }
    }

    @Test
    void aForeignEpochGetsAnExplicitGapEvent() throws Exception {
        publish("gapped", "kept");

        try (SseClient resumed = sse("/sse/gapped", "gapped=oldepoch00:7")) {
            resumed.next("connection");

            SseClient.Event gap = resumed.next();
            assertThat(gap.type()).isEqualTo("gap");
            assertThat(gap.data())
                    .contains("\"channel\":\"gapped\"")
                    .contains("\"reason\":\"epoch\"")
                    .contains("\"previousEpoch\":\"oldepoch00\"");
            // Everything the new epoch still has follows the gap.
            assertThat(resumed.next().data()).isEqualTo("kept");
        }
    }

    @Test
    void postDeliversIntoTheConnectionsSubprotocolAndAnswersComeBackOnTheStream() throws Exception {
        try (SseClient stream = sse("/sse?subprotocol=" + SseTestProtocol.NAME)) {
            String id = stream.next("connection").data();

            assertThat(post("/sgc/xhr/" + id, "echo héllo").statusCode()).isEqualTo(202);
            assertThat(stream.next().data()).isEqualTo("echo héllo");
            assertThat(post("/sgc/xhr/" + id, "x".repeat(1001)).statusCode()).isEqualTo(413);
        }
        assertThat(post("/sgc/xhr/00000000-0000-0000-0000-000000000000", "echo x")
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/sgc/xhr/", "echo x").statusCode()).isEqualTo(400);
    }

    @Test
    void invalidUtf8PostIsABadRequest() throws Exception {
        try (SseClient stream = sse("/sse?subprotocol=" + SseTestProtocol.NAME)) {
            String id = stream.next("connection").data();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri("/sse/send/" + id))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, (byte) 0x28}))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void sgcClientsGetAnSseConnectionOnTheRootWithTheIdAsFirstMessage() throws Exception {
        try (SseClient stream = sse("/" + SseTestProtocol.NAME)) {
            SseClient.Event first = stream.next();
            assertThat(first.type()).isEqualTo("message");
            assertThat(first.data()).matches("[0-9a-f-]{36}");

            assertThat(post("/sgc/xhr/" + first.data(), "echo root").statusCode())
                    .isEqualTo(202);
            assertThat(stream.next().data()).isEqualTo("echo root");
        }
    }

    @Test
    void serverDisconnectSendsADisconnectEventAndEndsTheStream() throws Exception {
        try (SseClient stream = sse("/sse?subprotocol=" + SseTestProtocol.NAME)) {
            String id = stream.next("connection").data();
            assertThat(post("/sse/send/" + id, "transport").statusCode()).isEqualTo(202);
            assertThat(stream.next().data()).isEqualTo("ok SSE");

            assertThat(post("/sse/send/" + id, "kick 4000 bye").statusCode()).isEqualTo(202);

            SseClient.Event disconnect = stream.next("disconnect");
            assertThat(disconnect.data()).isEqualTo("{\"code\":4000,\"reason\":\"bye\"}");
            stream.awaitEnd();
        }
    }
}
