package dev.switchboard.client.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ClientEvent;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.SwitchboardListener;
import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link SwitchboardClient} and a hand-written STOMP session share one connection with the broker protocol: a
 * publication of a plain sgc client reaches both, each in its own protocol, and after the connection is cut both
 * inner protocols open again on the new one and go on.
 */
class BrokerLinkCarriesSgcAndStompOnOneConnectionTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void bothInnerProtocolsGetPublicationsAndComeBackAfterACut() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RecordingListener stompFrames = new RecordingListener();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                BrokerLink broker = BrokerLink.open(LinkOptions.builder(TestServers.ws(proxy.port()))
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
                SwitchboardClient sgc = SwitchboardClient.builder()
                        .link(broker.inner("esegece.com"))
                        .listener(new SwitchboardListener() {
                            @Override
                            public void event(ClientEvent.Publication publication) {
                                events.add(publication.channel() + ": " + publication.message());
                            }
                        })
                        .build();
                Link stomp = broker.inner("v12.stomp").apply(stompFrames);
                SwitchboardClient publisher =
                        SwitchboardClient.builder().url(TestServers.ws(server)).build()) {
            stomp.start();
            stomp.send("CONNECT\naccept-version:1.2\nhost:/\n\n\u0000");
            stompFrames.awaitText("CONNECTED", text -> text.startsWith("CONNECTED"));
            stomp.send("SUBSCRIBE\nid:s1\ndestination:/topic/news\nreceipt:r1\n\n\u0000");
            stompFrames.awaitText("the receipt", text -> text.startsWith("RECEIPT"));
            sgc.connect().get(30, TimeUnit.SECONDS);
            sgc.subscribe("news").get(30, TimeUnit.SECONDS);
            publisher.connect().get(30, TimeUnit.SECONDS);

            publisher.publish("news", "one connection, two protocols").get(30, TimeUnit.SECONDS);
            Await.until("the sgc client's event", () -> events.contains("news: one connection, two protocols"));
            stompFrames.awaitText(
                    "the STOMP MESSAGE",
                    text -> text.startsWith("MESSAGE") && text.contains("one connection, two protocols"));
            assertThat(proxy.open()).as("one connection carries both").isEqualTo(1);

            proxy.cutAll();

            // The STOMP session is the application's: it connects and subscribes again when the link opens again.
            stompFrames.awaitOpened(2);
            stomp.send("CONNECT\naccept-version:1.2\nhost:/\n\n\u0000");
            stomp.send("SUBSCRIBE\nid:s1\ndestination:/topic/news\nreceipt:r2\n\n\u0000");
            stompFrames.awaitText("the second receipt", text -> text.startsWith("RECEIPT") && text.contains("r2"));
            // The sgc client subscribes again by itself once its inner protocol is open again.
            Await.until("the sgc client's event after the cut", () -> {
                publisher.publish("news", "after the cut").get(30, TimeUnit.SECONDS);
                return events.contains("news: after the cut");
            });
            stompFrames.awaitText(
                    "the STOMP MESSAGE after the cut",
                    text -> text.startsWith("MESSAGE") && text.contains("after the cut"));
        }
    }
}
