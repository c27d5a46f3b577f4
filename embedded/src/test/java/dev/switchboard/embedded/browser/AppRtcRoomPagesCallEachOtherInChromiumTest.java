package dev.switchboard.embedded.browser;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two headless Chromium pages with fake media open the AppRTC room page ({@code /apprtc/r/ROOM}), join over the room
 * HTTP API, register with the collider WebSocket ({@code apprtc.esegece.com}), establish a peer connection on loopback,
 * exchange text over an RTCDataChannel, and pressing Hang up on one closes the other's WebSocket
 * ({@code src/test/browser/apprtc-page.mjs}).
 */
class AppRtcRoomPagesCallEachOtherInChromiumTest {

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
    void twoRoomPagesTalkOverADataChannelAndHangingUpClosesTheOther() throws Exception {
        NodeScenario.run(TIMEOUT, "apprtc-page.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("pressing Hang up closed the other page's WebSocket");
    }
}
