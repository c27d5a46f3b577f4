package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OversizedMessagesCloseTheTransportTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** Subscribes, publishes a message of 5000 characters to itself, and returns the first close. */
    private static LinkClosed receiveTooLarge(LinkTransport transport) {
        RecordingListener listener = new RecordingListener();
        LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                .subprotocols(TestServers.SGC)
                .transports(transport)
                .maxTextMessageSize(2000)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .build();
        try (Link link = Links.open(options, listener)) {
            listener.awaitOpened(1);
            link.send(TestServers.subscribe("big", "b1"));
            listener.awaitText("the subscribe answer", text -> text.contains("\"id\":\"b1\""));
            link.send(TestServers.publish("big", "x".repeat(5000)));

            LinkClosed closed = listener.awaitClosed(1);
            assertThat(listener.textsContaining("xxxxxxxxxx")).isEmpty();
            return closed;
        }
    }

    @Test
    void aWebSocketMessageOverTheLimitClosesWith1009() {
        LinkClosed closed = receiveTooLarge(LinkTransport.WEBSOCKET);

        assertThat(closed.code()).isEqualTo(1009);
        assertThat(closed.retrying()).isTrue();
    }

    @Test
    void anSseEventOverTheLimitEndsTheStreamWith1009() {
        LinkClosed closed = receiveTooLarge(LinkTransport.SSE);

        assertThat(closed.code()).isEqualTo(1009);
        assertThat(closed.reason()).contains("2000");
        assertThat(closed.retrying()).isTrue();
    }
}
