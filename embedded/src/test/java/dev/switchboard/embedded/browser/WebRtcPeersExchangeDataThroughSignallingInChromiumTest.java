package dev.switchboard.embedded.browser;

import dev.switchboard.config.ConfigKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two headless Chromium pages with fake media, written against the sgc JavaScript WebRTC API
 * ({@code /webrtc.esegece.com.js}), establish a peer connection through {@code webrtc.esegece.com} on loopback, exchange
 * text over an RTCDataChannel, and a hang-up closes the other page's connection; then two demo pages
 * ({@code /webrtc.esegece.com.html}) do the same through their forms ({@code src/test/browser/webrtc-page.mjs}).
 */
class WebRtcPeersExchangeDataThroughSignallingInChromiumTest {

    @RegisterExtension
    static final ChromiumScenario chromium =
            ChromiumScenario.against(Map.of(ConfigKeys.WEBRTC_CLOSE_SESSION_ON_HANGUP, "true"));

    @Test
    void twoPagesTalkOverADataChannelAndAHangUpClosesTheOther() throws Exception {
        chromium.run("webrtc-page.mjs").assertOk("the demo page webrtc.esegece.com.html calls, talks and hangs up");
    }
}
