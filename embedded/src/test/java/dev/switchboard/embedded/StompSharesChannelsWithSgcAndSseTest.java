package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.sse.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A STOMP topic is a channel like any other: what an sgc client publishes reaches a STOMP subscriber and an SSE
 * stream, and what a STOMP client sends reaches an sgc subscriber and the SSE stream, text as text and bytes as
 * bytes.
 */
class StompSharesChannelsWithSgcAndSseTest {

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    @Test
    void sgcPublicationsReachStompAndSseAndStompSendsReachSgcAndSse() throws Exception {
        try (TestClient.Recorder stomp = TestClient.connect(http, TestClient.ws(server), "v12.stomp");
                TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com");
                SseClient stream = SseClient.open(
                        http, URI.create("http://127.0.0.1:" + server.port() + "/sse/shared"), Map.of())) {
            stream.next("connection");
            assertThat(stomp.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(stomp.ask("SUBSCRIBE\nid:s\ndestination:/topic/shared\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            sgc.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"shared\"},\"id\":\"s\"}");
            sgc.nextContaining("sgc@subscribe");

            sgc.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"shared\",\"message\":\"from sgc\"}}");

            String message = stomp.nextContaining("MESSAGE");
            assertThat(message)
                    .contains("subscription:s")
                    .contains("destination:/topic/shared")
                    .contains("content-length:8")
                    .endsWith("\n\nfrom sgc\0");
            assertThat(stream.next().data()).contains("from sgc");

            stomp.send("SEND\ndestination:/topic/shared\ncontent-type:text/plain\n\nfrom stomp\0");

            assertThat(sgc.nextContaining("from stomp")).contains("sgc@event").contains("\"channel\":\"shared\"");
            assertThat(stream.next().data()).contains("from stomp");
            assertThat(stomp.nextContaining("MESSAGE")).endsWith("\n\nfrom stomp\0");

            byte[] head = "SEND\ndestination:/topic/shared\ncontent-type:application/octet-stream\ncontent-length:3\n\n"
                    .getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(head.length + 4).put(head).put(new byte[] {0, (byte) 0xff, 0x10, 0});
            stomp.socket.sendBinary(frame.flip(), true).join();

            assertThat(sgc.nextContaining("sgc@b64:")).contains("\"message\":\"sgc@b64:AP8Q\"");
            SseClient.Event binary = stream.next();
            assertThat(binary.type()).isEqualTo("binary");
            assertThat(binary.data()).isEqualTo("AP8Q");
            byte[] received = stomp.nextBinary();
            String text = new String(received, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("MESSAGE\n").contains("content-type:application/octet-stream");
            assertThat(text).endsWith("content-length:3\n\n\u0000\u00ff\u0010\u0000");
        }
    }

    @Test
    void anSgcMaskDoesNotReadStompQueuesAndOnlyBobSubscribesToBobsUserChannel() throws Exception {
        try (TestClient.Recorder worker = TestClient.connect(http, TestClient.ws(server), "v12.stomp");
                TestClient.Recorder sender = TestClient.connect(http, TestClient.ws(server), "v12.stomp");
                TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com")) {
            assertThat(worker.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(sender.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(worker.ask("SUBSCRIBE\nid:w\ndestination:/queue/jobs\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            sgc.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"*\"},\"id\":\"all\"}");
            sgc.nextContaining("\"all\"");
            sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\","
                    + "\"params\":{\"channel\":\"/user/bob/queue/inbox\"},\"id\":\"bob\"}");
            assertThat(sgc.nextContaining("\"error\"")).contains("-32003").contains("\"id\":\"bob\"");

            sender.send("SEND\ndestination:/queue/jobs\n\nsecret job\0");
            sender.send("SEND\ndestination:/topic/visible\n\npublic\0");

            assertThat(worker.nextContaining("MESSAGE")).endsWith("\n\nsecret job\0");
            // The mask sees the topic message; the queue message, sent first, never reached it.
            assertThat(sgc.nextContaining("sgc@event")).contains("public").doesNotContain("secret job");
        }
    }
}
