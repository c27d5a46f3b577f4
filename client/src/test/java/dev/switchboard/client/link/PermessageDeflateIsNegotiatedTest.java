package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PermessageDeflateIsNegotiatedTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** Opens a link through a proxy that records the handshake answer, exchanges a frame, and returns the answer. */
    private static String handshakeAnswer(boolean deflate) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            RecordingListener listener = new RecordingListener();
            LinkOptions options = LinkOptions.builder(TestServers.ws(proxy.port()))
                    .subprotocols(TestServers.SGC)
                    .permessageDeflate(deflate)
                    .build();
            try (Link link = Links.open(options, listener)) {
                listener.awaitOpened(1);
                String big = "compressible ".repeat(200);
                link.send(TestServers.publish("deflate", "x"));
                link.send(TestServers.subscribe("deflate", "d1"));
                link.send(TestServers.publish("deflate", big.strip()));
                listener.awaitText("the large event", text -> text.contains("compressible compressible"));
            }
            return proxy.responseHeads().get(0).toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void theServerAcceptsTheOfferedExtension() throws Exception {
        String answer = handshakeAnswer(true);

        assertThat(answer).startsWith("http/1.1 101");
        assertThat(answer).contains("sec-websocket-extensions: permessage-deflate");
    }

    @Test
    void noExtensionIsNegotiatedWhenTheOfferIsOff() throws Exception {
        String answer = handshakeAnswer(false);

        assertThat(answer).startsWith("http/1.1 101");
        assertThat(answer).doesNotContain("permessage-deflate");
    }
}
