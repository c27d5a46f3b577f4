package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.ChildServer;
import dev.switchboard.embedded.webrtc.WebRtcPeer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code webrtc.esegece.com} peers of one channel on two nodes: their signals cross the nodes through the cluster
 * broker unchanged, and when one disconnects the other, on the other node, gets {@code bye} and is closed with 1000.
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
                    WebRtcPeer bob = WebRtcPeer.connect(http, cluster.ws(b, "/"))) {
                ann.joined("across");
                bob.joined("across");

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
}
