package dev.switchboard.embedded.cluster;

import static dev.switchboard.embedded.presence.PresenceClient.channelName;
import static dev.switchboard.embedded.presence.PresenceClient.memberId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.presence.PresenceClient;
import dev.switchboard.embedded.testing.ChildServer;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence members on two nodes are one membership: member@new, channel joins and channel messages cross the nodes,
 * a listing on one node names the other node's members, and when a node dies its members leave for the others
 * within the presence lease.
 */
class PresenceIsOneMembershipAcrossNodesTest {

    @TempDir
    Path directory;

    @Test
    void membersOnTwoNodesSeeEachOtherAndADeadNodesMembersLeave() throws Exception {
        try (TestCluster cluster = new TestCluster(directory);
                HttpClient http = HttpClient.newHttpClient()) {
            ChildServer a = cluster.startNode("a", "-Dswitchboard.presence.lease=1500");
            ChildServer b = cluster.startNode("b", "-Dswitchboard.presence.lease=1500");
            PresenceClient ann = PresenceClient.connect(http, cluster.ws(a, "/"), Map.of());
            PresenceClient bob = PresenceClient.connect(http, cluster.ws(b, "/"), Map.of());
            try {
                ann.register("Ann", "");
                ann.sawNewMembers(ann);
                bob.sawNewMembers(ann);
                bob.register("Bob", "");
                bob.sawNewMembers(bob);
                ann.sawNewMembers(bob);

                ann.join("room");
                assertThat(memberId(ann.next("channel@member@new"))).isEqualTo(ann.id);
                bob.join("room");
                assertThat(memberId(bob.next("channel@member@new"))).isEqualTo(bob.id);
                assertThat(memberId(ann.next("channel@member@new"))).isEqualTo(bob.id);

                ann.publish("across", "room");
                // Ann's join reaches node b through the broker, possibly after Bob joined there: Bob may then be told
                // of it too (it is true), before the message.
                JsonObject message = bob.next();
                if (message.getString("method").equals("sgc@presence@channel@member@new")) {
                    assertThat(memberId(message)).isEqualTo(ann.id);
                    message = bob.next("publish@msg");
                }
                assertThat(message.getString("method")).isEqualTo("sgc@presence@publish@msg");
                assertThat(message.getJsonObject("message").getString("text")).isEqualTo("across");
                assertThat(memberId(message)).isEqualTo(ann.id);
                ann.next("publish@msg");

                // Node b learns of Ann's join by announcement, which may arrive after the frames did.
                long deadline = System.nanoTime() + TestClient.DEADLINE.toNanos();
                List<String> listed;
                do {
                    bob.getMembers("room");
                    listed = bob.next("send@members").getJsonArray("members").getValuesAs(JsonObject.class).stream()
                            .map(m -> m.getString("id"))
                            .toList();
                } while (!(listed.size() == 2 && listed.containsAll(List.of(ann.id, bob.id)))
                        && System.nanoTime() < deadline);
                // Each node lists in the order it learnt of the joins: its own may come before the other's.
                assertThat(listed).containsExactlyInAnyOrder(ann.id, bob.id);

                b.process().destroyForcibly();
                JsonObject left = ann.next("channel@member@remove");
                assertThat(memberId(left)).isEqualTo(bob.id);
                assertThat(channelName(left)).isEqualTo("room");
                assertThat(memberId(ann.next("member@remove"))).isEqualTo(bob.id);
            } finally {
                ann.close();
                bob.close();
            }
        }
    }
}
