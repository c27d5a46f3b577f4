package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.ChildServer;
import dev.switchboard.embedded.webrtc.WebRtcPeer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code webrtc.esegece.com} peers of one channel on two nodes: the join count covers both nodes once the peer
 * counts are announced (so the second joiner calls), a third peer is refused on either node, signals cross the nodes
 * through the cluster broker unchanged, and when one peer disconnects the other, on the other node, gets {@code bye}
 * and is closed with 1000.
 */
class WebRtcSignalsAndHangUpsCrossNodesTest {

    @TempDir
    Path directory;

    @Test
    void signalsAndAHangUpReachThePeerOnTheOtherNode() throws Exception {
        try (TestCluster cluster = new TestCluster(directory);
                HttpClient http = HttpClient.newHttpClient()) {
            ChildServer a = cluster.startNode("a");
            ChildServer b = cluster.startNode("b");
            try (WebRtcPeer ann = WebRtcPeer.connect(http, cluster.ws(a, "/"));
                    WebRtcPeer bob = WebRtcPeer.connect(http, cluster.ws(b, "/"));
                    WebRtcPeer cy = WebRtcPeer.connect(http, cluster.ws(a, "/"))) {
                assertThat(ann.joined("across")).isEqualTo(1);
                // Ann's count reaches node b by announcement; joining again is no new join, and tells the count.
                awaitCount(bob, "across", 2);
                awaitCount(ann, "across", 2);
                assertThat(WebRtcPeer.errorCode(cy.join("across"))).isEqualTo(-32029);

                JsonObject offer = Json.createObjectBuilder()
                        .add("type", "offer")
                        .add("sdp", "v=0\r\n")
                        .build();
                bob.signal("across", offer);
                assertThat(ann.next().getJsonObject("webrtc")).isEqualTo(offer);
                JsonObject answer = Json.createObjectBuilder()
                        .add("type", "answer")
                        .add("sdp", "v=0\r\n")
                        .build();
                ann.signal("across", answer);
                assertThat(bob.next().getJsonObject("webrtc")).isEqualTo(answer);

                ann.socket.close();
                assertThat(bob.next().getJsonObject("webrtc").getString("type")).isEqualTo("bye");
                assertThat(bob.socket.closeCode()).isEqualTo(1000);
            }
        }
    }

    private static void awaitCount(WebRtcPeer peer, String channel, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int count;
        do {
            count = peer.joined(channel);
        } while (count != expected && System.nanoTime() < deadline);
        assertThat(count).as("the count of " + channel).isEqualTo(expected);
    }
}
