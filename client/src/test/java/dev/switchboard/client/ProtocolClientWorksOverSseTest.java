package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkTransport;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProtocolClientWorksOverSseTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void qos2RpcAndResumeWorkTheSameOverServerSentEvents() throws Exception {
        Recorder received = new Recorder();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                SwitchboardClient client = SwitchboardClient.builder()
                        .linkOptions(Clients.options(TestServers.ws(proxy.port()))
                                .transports(LinkTransport.SSE)
                                .build())
                        .listener(received)
                        .build();
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            ClientEvent.Opened opened = client.connect().get(20, TimeUnit.SECONDS);
            assertThat(opened.transport()).isEqualTo("sse");
            client.subscribe("sse.news").get(10, TimeUnit.SECONDS);
            client.publish("sse.news", "own", Qos.EXACTLY_ONCE).get(10, TimeUnit.SECONDS);
            assertThat(client.rpc("add", Map.of("a", 4, "b", 5), RpcMapsResultsErrorsAndTimeoutsTest.Sum.class)
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(new RpcMapsResultsErrorsAndTimeoutsTest.Sum(9));
            received.awaitMessages("sse.news", 1);

            proxy.refusing(true).cutAll();
            received.await(ClientEvent.Closed.class, c -> c.reconnecting(), 1);
            publisher.publish("sse.news", "while away", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            proxy.refusing(false);
            assertThat(received.awaitMessages("sse.news", 2)).containsExactly("own", "while away");
            assertThat(received.of(ClientEvent.Opened.class))
                    .hasSize(2)
                    .allMatch(o -> o.transport().equals("sse"));
        }
    }
}
