package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.sse.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WAMP topic is a channel like any other: what an sgc client publishes reaches WAMP subscribers (exact, prefix
 * and wildcard) and an SSE stream, and what a WAMP client publishes reaches an sgc subscriber and the SSE stream;
 * the publisher itself is excluded unless it asks otherwise. Spoken in raw {@code wamp.2.json} with the JDK client.
 */
class WampSharesChannelsWithSgcAndSseTest {

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

    static TestClient.Recorder join() throws Exception {
        TestClient.Recorder wamp = TestClient.connect(http, TestClient.ws(server), "wamp.2.json");
        assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]"))
                .startsWith("[2,")
                .contains("\"broker\"")
                .contains("\"dealer\"");
        return wamp;
    }

    @Test
    void sgcPublicationsReachWampPatternsAndWampPublicationsReachSgcAndSse() throws Exception {
        try (TestClient.Recorder wamp = join();
                TestClient.Recorder publisher = join();
                TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com");
                SseClient stream = SseClient.open(
                        http, URI.create("http://127.0.0.1:" + server.port() + "/sse/com.shared.news"), Map.of())) {
            stream.next("connection");
            assertThat(wamp.ask("[32,1,{},\"com.shared.news\"]")).isEqualTo("[33,1,1]");
            assertThat(wamp.ask("[32,2,{\"match\":\"prefix\"},\"com.shared.\"]"))
                    .isEqualTo("[33,2,2]");
            assertThat(wamp.ask("[32,3,{\"match\":\"wildcard\"},\"com..news\"]"))
                    .isEqualTo("[33,3,3]");
            // The same topic and policy again is the same subscription.
            assertThat(wamp.ask("[32,4,{},\"com.shared.news\"]")).isEqualTo("[33,4,1]");
            sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\","
                    + "\"params\":{\"channel\":\"com.shared.news\"},\"id\":\"s\"}");
            sgc.nextContaining("sgc@subscribe");

            sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\","
                    + "\"params\":{\"channel\":\"com.shared.news\",\"message\":\"from sgc\"}}");

            // One EVENT per matching subscription, each naming its own.
            String exact = wamp.nextText();
            String prefix = wamp.nextText();
            String wildcard = wamp.nextText();
            assertThat(exact).startsWith("[36,1,").endsWith(",{},[\"from sgc\"]]");
            assertThat(prefix).startsWith("[36,2,").endsWith(",{\"topic\":\"com.shared.news\"},[\"from sgc\"]]");
            assertThat(wildcard).startsWith("[36,3,").endsWith(",{\"topic\":\"com.shared.news\"},[\"from sgc\"]]");
            assertThat(stream.next().data()).contains("from sgc");
            sgc.nextContaining("from sgc");

            assertThat(publisher.ask("[32,1,{},\"com.shared.news\"]")).isEqualTo("[33,1,1]");
            String published = publisher.ask("[16,7,{\"acknowledge\":true},\"com.shared.news\",[\"from wamp\"]]");
            assertThat(published).startsWith("[17,7,");
            String publicationId = published.substring("[17,7,".length(), published.length() - 1);

            assertThat(sgc.nextContaining("from wamp"))
                    .contains("sgc@event")
                    .contains("\"channel\":\"com.shared.news\"");
            assertThat(stream.next().data()).contains("from wamp");
            // Every subscriber's EVENT names the publication the publisher was told of.
            assertThat(wamp.nextText()).isEqualTo("[36,1," + publicationId + ",{},[\"from wamp\"]]");
            // exclude_me: the publisher, itself subscribed, got nothing of its own publication.
            assertThat(publisher.pollText(Duration.ofMillis(300))).isNull();

            publisher.send("[16,8,{\"exclude_me\":false},\"com.shared.news\",[1,{\"a\":true}],{\"k\":\"v\"}]");
            assertThat(publisher.nextText()).startsWith("[36,1,").endsWith(",{},[1,{\"a\":true}],{\"k\":\"v\"}]");
            assertThat(sgc.nextContaining("\\\"kwargs\\\"")).contains("sgc@event");
        }
    }

    @Test
    void aPublicationToAnotherTopicReachesOnlyTheMatchingPatterns() throws Exception {
        try (TestClient.Recorder wamp = join();
                TestClient.Recorder publisher = join()) {
            assertThat(wamp.ask("[32,1,{\"match\":\"wildcard\"},\"org..temp\"]"))
                    .isEqualTo("[33,1,1]");
            assertThat(wamp.ask("[32,2,{\"match\":\"prefix\"},\"org.room\"]")).isEqualTo("[33,2,2]");
            publisher.send("[16,1,{},\"org.room1.humidity\",[\"prefix only\"]]");
            publisher.send("[16,2,{},\"other.room1.temp\",[\"nobody\"]]");
            publisher.send("[16,3,{},\"org.hall.temp\",[\"wildcard only\"]]");
            assertThat(wamp.nextText()).startsWith("[36,2,").endsWith("[\"prefix only\"]]");
            assertThat(wamp.nextText()).startsWith("[36,1,").endsWith("[\"wildcard only\"]]");
            assertThat(wamp.ask("[34,9,1]")).isEqualTo("[35,9]");
            assertThat(wamp.ask("[34,10,1]")).startsWith("[8,34,10,{},\"wamp.error.no_such_subscription\"");
        }
    }
}
