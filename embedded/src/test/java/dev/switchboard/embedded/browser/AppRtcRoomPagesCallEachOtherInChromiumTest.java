package dev.switchboard.embedded.browser;

import dev.switchboard.config.ConfigKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two headless Chromium pages with fake media open the AppRTC room page ({@code /apprtc/r/ROOM}), join over the room
 * HTTP API, register with the collider WebSocket ({@code apprtc.esegece.com}), establish a peer connection on loopback,
 * exchange text over an RTCDataChannel, and pressing Hang up on one closes the other's WebSocket
 * ({@code src/test/browser/apprtc-page.mjs}).
 */
class AppRtcRoomPagesCallEachOtherInChromiumTest {

    @RegisterExtension
    static final ChromiumScenario chromium =
            ChromiumScenario.against(Map.of(ConfigKeys.WEBRTC_CLOSE_SESSION_ON_HANGUP, "true"));

    @Test
    void twoRoomPagesTalkOverADataChannelAndHangingUpClosesTheOther() throws Exception {
        chromium.run("apprtc-page.mjs").assertOk("pressing Hang up closed the other page's WebSocket");
    }
}
