package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SseFallbackCarriesFramesWhenUpgradesAreRefusedTest {

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
    void aProxyThatRefusesUpgradesGetsAnEventStreamAndOrderedPosts() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port()).refuseUpgrades(true)) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .subprotocols(TestServers.SGC)
                    .build();
            try (Link link = Links.open(options, listener)) {
                LinkSession session = listener.awaitOpened(1);

                assertThat(session.transport()).isEqualTo("sse");
                assertThat(session.subprotocol()).isNull();
                assertThat(session.connectionId()).isNotBlank();
                assertThat(listener.errors)
                        .anySatisfy(error -> assertThat(error.getMessage()).contains("HTTP 403"));
                listener.awaitText("the sgc session message", text -> text.contains(session.connectionId()));

                link.send(TestServers.subscribe("fallback", "s1"));
                for (int i = 1; i <= 5; i++) {
                    link.send(TestServers.publish("fallback", "p" + i));
                }
                listener.awaitText("the last publication", text -> text.contains("\"message\":\"p5\""));
                assertThat(listener.textsContaining("sgc@event"))
                        .extracting(text -> text.substring(
                                text.indexOf("\"message\":\"p") + 11, text.indexOf("\"message\":\"p") + 13))
                        .containsExactly("p1", "p2", "p3", "p4", "p5");
                assertThat(listener.overlaps).hasValue(0);
            }
        }
    }

    @Test
    void anSseOnlyLinkOpensAnEventStreamDirectly() {
        RecordingListener listener = new RecordingListener();
        LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                .transports(LinkTransport.SSE)
                .build();
        try (Link link = Links.open(options, listener)) {
            assertThat(listener.awaitOpened(1).transport()).isEqualTo("sse");
            assertThat(listener.errors).isEmpty();
            link.send(TestServers.subscribe("direct", "d1"));
            listener.awaitText("the subscribe answer", text -> text.contains("\"id\":\"d1\""));
        }
        assertThat(listener.closes)
                .singleElement()
                .satisfies(closed -> assertThat(closed.code()).isEqualTo(1000));
    }
}
