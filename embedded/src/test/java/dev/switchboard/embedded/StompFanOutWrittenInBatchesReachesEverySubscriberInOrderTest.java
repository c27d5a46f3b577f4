package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STOMP builds each subscriber's MESSAGE itself (its subscription id, its message id). With a fan-out batch of 2, a
 * publication to 24 STOMP subscribers is queued to each under the channel's lock and written in batches on several
 * threads: every subscriber still gets every publication once, in publishing order, with its own subscription id.
 */
class StompFanOutWrittenInBatchesReachesEverySubscriberInOrderTest {

    private static final int SUBSCRIBERS = 24;
    private static final int PUBLICATIONS = 20;

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.FANOUT_BATCH, "2")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    private static TestClient.Recorder stompClient() throws Exception {
        TestClient.Recorder client = TestClient.connect(http, TestClient.ws(server), "v12.stomp");
        assertThat(client.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
        return client;
    }

    @Test
    void everyStompSubscriberGetsEveryPublicationOnceInOrderWithItsOwnSubscription() throws Exception {
        List<TestClient.Recorder> subscribers = new ArrayList<>();
        try (TestClient.Recorder publisher = stompClient()) {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                TestClient.Recorder subscriber = stompClient();
                subscribers.add(subscriber);
                assertThat(subscriber.ask("SUBSCRIBE\nid:sub-" + i + "\ndestination:/topic/batched\nreceipt:r\n\n\0"))
                        .startsWith("RECEIPT\n");
            }

            for (int m = 0; m < PUBLICATIONS; m++) {
                publisher.send("SEND\ndestination:/topic/batched\ncontent-type:text/plain\n\nm" + m + "\0");
            }

            for (int i = 0; i < SUBSCRIBERS; i++) {
                TestClient.Recorder subscriber = subscribers.get(i);
                for (int m = 0; m < PUBLICATIONS; m++) {
                    String message = subscriber.nextContaining("MESSAGE");
                    assertThat(message)
                            .as("publication %d at subscriber %d", m, i)
                            .contains("\nsubscription:sub-" + i + "\n")
                            .endsWith("\n\nm" + m + "\0");
                }
            }
        } finally {
            subscribers.forEach(TestClient.Recorder::close);
        }
    }
}
