package dev.switchboard.embedded.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two {@code webrtc.esegece.com} peers over real WebSockets: each gets the configured ICE servers first (a TURN server
 * with a time-limited credential), the second joiner is told it makes two, offers, answers and candidates reach the
 * other peer unchanged and never their sender, and a peer that disconnects hangs up: the other gets {@code bye} and is
 * closed with 1000 (close-session-on-hangup is on by default).
 */
class WebRtcRelayForwardsSignalsAndHangUpClosesTheOtherPeerTest {

    private static final String SECRET = "coturn-shared-secret";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.environmentEntry(
                    ConfigKeys.WEBRTC_ICE_SERVERS,
                    "{\"iceServers\":[{\"url\":\"stun:stun.example.org:3478\"}],\"iceTransportPolicy\":\"all\"}")
            .environmentEntry(ConfigKeys.WEBRTC_ICE_URLS, "turn:turn.example.org:3478?transport=udp")
            .environmentEntry(ConfigKeys.WEBRTC_TURN_SECRET, SECRET)
            .environmentEntry(ConfigKeys.WEBRTC_TURN_TTL, "600"));

    @Test
    void signalsCrossUnchangedAndADisconnectClosesTheOtherPeer() throws Exception {
        try (WebRtcPeer ann = WebRtcPeer.connect(node);
                WebRtcPeer bob = WebRtcPeer.connect(node)) {
            for (WebRtcPeer peer : new WebRtcPeer[] {ann, bob}) {
                JsonObject ice = peer.next();
                assertThat(ice.getString("method")).isEqualTo("sgc@iceservers");
                JsonObject configuration = ice.getJsonObject("iceservers");
                assertThat(configuration.getString("iceTransportPolicy")).isEqualTo("all");
                JsonArray servers = configuration.getJsonArray("iceServers");
                assertThat(servers).hasSize(2);
                // The legacy "url" of the sgc default is handed on as "urls", which browsers require.
                assertThat(servers.getJsonObject(0).getString("urls")).isEqualTo("stun:stun.example.org:3478");
                JsonObject turn = servers.getJsonObject(1);
                String username = turn.getString("username");
                long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
                long now = System.currentTimeMillis() / 1000;
                assertThat(expiry).isBetween(now + 500, now + 700);
                assertThat(turn.getString("credential")).isEqualTo(hmacSha1Base64(SECRET, username));
            }

            assertThat(ann.joined("call 1")).isEqualTo(1);
            assertThat(bob.joined("call 1")).isEqualTo(2);

            JsonObject offer = Json.createObjectBuilder()
                    .add("type", "offer")
                    .add("sdp", "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                    .add(
                            "extra",
                            Json.createObjectBuilder()
                                    .add(
                                            "nested",
                                            Json.createArrayBuilder().add(1).add("ü")))
                    .build();
            bob.signal("call 1", offer);
            JsonObject relayed = ann.next();
            assertThat(relayed.getString("method")).isEqualTo("sgc@webrtc");
            assertThat(relayed.getJsonObject("params").getString("channel")).isEqualTo("call 1");
            assertThat(relayed.getJsonObject("webrtc")).isEqualTo(offer);

            JsonObject answer = Json.createObjectBuilder()
                    .add("type", "answer")
                    .add("sdp", "v=0\r\n")
                    .build();
            ann.signal("call 1", answer);
            // Bob's next frame is Ann's answer, not his own offer echoed.
            assertThat(bob.next().getJsonObject("webrtc")).isEqualTo(answer);

            JsonObject candidate = Json.createObjectBuilder()
                    .add("type", "candidate")
                    .add("label", 0)
                    .add("id", "0")
                    .add("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host")
                    .build();
            ann.signal("call 1", candidate);
            assertThat(bob.next().getJsonObject("webrtc")).isEqualTo(candidate);

            ann.socket.close();
            JsonObject bye = bob.next();
            assertThat(bye.getString("method")).isEqualTo("sgc@webrtc");
            assertThat(bye.getJsonObject("webrtc").getString("type")).isEqualTo("bye");
            assertThat(bob.socket.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void aPeerClosedByAHangUpHangsUpItsOtherCalls() throws Exception {
        try (WebRtcPeer ann = WebRtcPeer.connect(node);
                WebRtcPeer bob = WebRtcPeer.connect(node);
                WebRtcPeer cy = WebRtcPeer.connect(node)) {
            for (WebRtcPeer peer : new WebRtcPeer[] {ann, bob, cy}) {
                assertThat(peer.next().getString("method")).isEqualTo("sgc@iceservers");
            }
            ann.joined("x");
            bob.joined("x");
            bob.joined("y");
            cy.joined("y");
            ann.socket.close();
            JsonObject bye = bob.next();
            assertThat(bye.getJsonObject("params").getString("channel")).isEqualTo("x");
            assertThat(bye.getJsonObject("webrtc").getString("type")).isEqualTo("bye");
            assertThat(bob.socket.closeCode()).isEqualTo(1000);
            // Bob's close ends his call in y as well: Cy hears a bye of y and is closed.
            JsonObject second = cy.next();
            assertThat(second.getJsonObject("params").getString("channel")).isEqualTo("y");
            assertThat(second.getJsonObject("webrtc").getString("type")).isEqualTo("bye");
            assertThat(cy.socket.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void thePrefixedTokenOfTheSgcScriptIsEchoed() throws Exception {
        try (WebRtcPeer peer = WebRtcPeer.connect(node, "myapp.webrtc.esegece.com")) {
            assertThat(peer.socket.subprotocol()).isEqualTo("myapp.webrtc.esegece.com");
            assertThat(peer.next().getString("method")).isEqualTo("sgc@iceservers");
            assertThat(peer.joined("prefixed")).isEqualTo(1);
        }
    }

    private static String hmacSha1Base64(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
