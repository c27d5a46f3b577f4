package dev.switchboard.embedded.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With close-session-on-hangup off, a peer that leaves a channel is answered with {@code sgc@unsubscribe}, the other
 * peer gets {@code bye} and stays connected, and the channel counts one peer less; without ICE servers configured, no
 * {@code sgc@iceservers} frame comes first.
 */
class WebRtcHangUpKeepsTheOtherPeerWhenConfiguredTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(ConfigKeys.WEBRTC_CLOSE_SESSION_ON_HANGUP, "false"));

    @Test
    void aLeaveSaysByeAndTheOtherPeerStays() throws Exception {
        try (WebRtcPeer ann = WebRtcPeer.connect(node);
                WebRtcPeer bob = WebRtcPeer.connect(node);
                WebRtcPeer cy = WebRtcPeer.connect(node)) {
            assertThat(ann.joined("call")).isEqualTo(1);
            assertThat(bob.joined("call")).isEqualTo(2);

            ann.leave("call");
            JsonObject left = ann.next();
            assertThat(left.getString("method")).isEqualTo("sgc@unsubscribe");
            assertThat(left.getJsonObject("params").getString("channel")).isEqualTo("call");
            assertThat(bob.next().getJsonObject("webrtc").getString("type")).isEqualTo("bye");

            // Bob is still connected and alone in the channel: the next joiner makes two.
            assertThat(cy.joined("call")).isEqualTo(2);
            assertThat(bob.socket.isOpen()).isTrue();

            bob.socket.close();
            assertThat(cy.next().getJsonObject("webrtc").getString("type")).isEqualTo("bye");
            assertThat(ann.joined("call")).isEqualTo(2);
            assertThat(cy.socket.isOpen()).isTrue();
        }
    }
}
