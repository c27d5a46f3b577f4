package dev.switchboard.embedded.browser;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two headless Chromium pages with fake media, written against the sgc JavaScript WebRTC API
 * ({@code /webrtc.esegece.com.js}), establish a peer connection through {@code webrtc.esegece.com} on loopback, exchange
 * text over an RTCDataChannel, and a hang-up closes the other page's connection; then two demo pages
 * ({@code /webrtc.esegece.com.html}) do the same through their forms ({@code src/test/browser/webrtc-page.mjs}).
 */
class WebRtcPeersExchangeDataThroughSignallingInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.WEBRTC_CLOSE_SESSION_ON_HANGUP, "true")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void twoPagesTalkOverADataChannelAndAHangUpClosesTheOther() throws Exception {
        NodeScenario.run(TIMEOUT, "webrtc-page.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("the demo page webrtc.esegece.com.html calls, talks and hangs up");
    }
}
