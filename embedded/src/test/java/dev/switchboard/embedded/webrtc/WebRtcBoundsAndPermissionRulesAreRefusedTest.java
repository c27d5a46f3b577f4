package dev.switchboard.embedded.webrtc;

import static dev.switchboard.embedded.webrtc.WebRtcPeer.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything a {@code webrtc.esegece.com} client sends is bounded and refused with a JSON-RPC error object: peers per
 * channel, channels per connection, signal bytes, candidates per join, frames that are not JSON or name no method or an
 * unknown one, channel lists and masks, signals to a channel not joined; the subscribe and publish rules are asked
 * about {@code webrtc/NAME}; a binary frame closes with 1003.
 */
class WebRtcBoundsAndPermissionRulesAreRefusedTest {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(builder -> builder.environmentEntry(ConfigKeys.WEBRTC_MAX_SDP_BYTES, "1024")
                    .environmentEntry(ConfigKeys.WEBRTC_MAX_CANDIDATES, "2")
                    .environmentEntry(ConfigKeys.WEBRTC_MAX_CHANNELS, "2")
                    .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "webrtc/staff*=staff")
                    .environmentEntry(ConfigKeys.AUTH_PUBLISH, "webrtc/quiet*=staff"));

    @Test
    void aThirdPeerAndAThirdChannelAreRefused() throws Exception {
        try (WebRtcPeer a = WebRtcPeer.connect(node);
                WebRtcPeer b = WebRtcPeer.connect(node);
                WebRtcPeer c = WebRtcPeer.connect(node)) {
            assertThat(a.joined("full")).isEqualTo(1);
            assertThat(b.joined("full")).isEqualTo(2);
            JsonObject refused = c.join("full");
            assertThat(errorCode(refused)).isEqualTo(-32029);
            assertThat(refused.getJsonObject("error").getString("message")).contains("2 peers");

            assertThat(a.joined("second")).isEqualTo(1);
            assertThat(errorCode(a.join("third"))).isEqualTo(-32029);
            // A join again of a joined channel is no new channel.
            assertThat(a.joined("second")).isEqualTo(1);

            // When a peer leaves, the channel takes the next one; the leave hangs up on the other peer too.
            b.leave("full");
            assertThat(b.next().getString("method")).isEqualTo("sgc@unsubscribe");
            assertThat(a.socket.closeCode()).isEqualTo(1000);
            // Whether the closed peer has left the count yet depends on timing; the join is taken either way.
            assertThat(c.joined("full")).isBetween(1, 2);
        }
    }

    @Test
    void oversizedSignalsAndTooManyCandidatesAreRefused() throws Exception {
        try (WebRtcPeer a = WebRtcPeer.connect(node);
                WebRtcPeer b = WebRtcPeer.connect(node)) {
            a.joined("sizes");
            b.joined("sizes");
            a.signal(
                    "sizes",
                    Json.createObjectBuilder()
                            .add("type", "offer")
                            .add("sdp", "x".repeat(1100))
                            .build());
            assertThat(errorCode(a.next())).isEqualTo(-32029);
            for (int i = 0; i < 2; i++) {
                a.signal("sizes", candidate(i));
                assertThat(b.next().getJsonObject("webrtc")).isEqualTo(candidate(i));
            }
            a.signal("sizes", candidate(2));
            JsonObject refused = a.next();
            assertThat(errorCode(refused)).isEqualTo(-32029);
            assertThat(refused.getJsonObject("error").getString("message")).contains("2 candidates");
            // A signal that fits still passes: the refusals cost nothing but the refused frame.
            JsonObject offer = Json.createObjectBuilder()
                    .add("type", "offer")
                    .add("sdp", "v=0")
                    .build();
            a.signal("sizes", offer);
            assertThat(b.next().getJsonObject("webrtc")).isEqualTo(offer);
            // A frame beyond the signal bound and the envelope's allowance is refused before it is read.
            a.socket.send("{\"method\":\"sgc@webrtc\",\"pad\":\"" + "y".repeat(6000) + "\"}");
            assertThat(errorCode(a.next())).isEqualTo(-32029);
        }
    }

    @Test
    void malformedFramesGetTheirErrorCodes() throws Exception {
        try (WebRtcPeer a = WebRtcPeer.connect(node)) {
            a.socket.send("not json");
            assertThat(errorCode(a.next())).isEqualTo(-32700);
            a.socket.send("{\"jsonrpc\":\"2.0\",\"id\":7}");
            JsonObject noMethod = a.next();
            assertThat(errorCode(noMethod)).isEqualTo(-32600);
            assertThat(noMethod.getInt("id")).isEqualTo(7);
            a.send(WebRtcPeer.request("sgc@broadcast", "x").build());
            assertThat(errorCode(a.next())).isEqualTo(-32601);
            assertThat(errorCode(a.join("a,b"))).isEqualTo(-32602);
            assertThat(errorCode(a.join("a*"))).isEqualTo(-32602);
            a.signal(
                    "never-joined",
                    Json.createObjectBuilder().add("type", "offer").build());
            assertThat(errorCode(a.next())).isEqualTo(-32602);
            a.leave("never-joined");
            assertThat(errorCode(a.next())).isEqualTo(-32602);
            a.joined("strings");
            a.signal("strings", Json.createValue("a string is no signal"));
            assertThat(errorCode(a.next())).isEqualTo(-32602);
        }
    }

    @Test
    void thePermissionRulesSeeWebrtcChannelNames() throws Exception {
        try (WebRtcPeer a = WebRtcPeer.connect(node);
                WebRtcPeer b = WebRtcPeer.connect(node)) {
            assertThat(errorCode(a.join("staff-room"))).isEqualTo(-32003);
            a.joined("quiet-room");
            b.joined("quiet-room");
            a.signal(
                    "quiet-room",
                    Json.createObjectBuilder().add("type", "offer").build());
            assertThat(errorCode(a.next())).isEqualTo(-32003);
        }
    }

    @Test
    void aBinaryFrameCloses() throws Exception {
        try (WebRtcPeer a = WebRtcPeer.connect(node)) {
            a.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(a.socket.closeCode()).isEqualTo(1003);
        }
    }

    private static JsonObject candidate(int i) {
        return Json.createObjectBuilder()
                .add("type", "candidate")
                .add("label", 0)
                .add("id", "0")
                .add("candidate", "candidate:" + i + " 1 udp 2122260223 127.0.0.1 5000" + i + " typ host")
                .build();
    }
}
