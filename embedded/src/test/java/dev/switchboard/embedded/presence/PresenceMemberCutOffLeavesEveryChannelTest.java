package dev.switchboard.embedded.presence;

import static dev.switchboard.embedded.presence.PresenceClient.channelName;
import static dev.switchboard.embedded.presence.PresenceClient.memberId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member whose TCP connection is cut without a close frame, or that stops answering the heartbeat while its
 * connection stays open, leaves every channel it joined: the members of each channel get channel@member@remove, then
 * everyone gets member@remove.
 */
class PresenceMemberCutOffLeavesEveryChannelTest {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(builder -> builder.environmentEntry(ConfigKeys.HEARTBEAT_INTERVAL, "1")
                    .environmentEntry(ConfigKeys.HEARTBEAT_TIMEOUT, "1"));

    @Test
    void aMemberCutOffWithoutACloseFrameLeavesEveryChannelAndTheOthersAreTold() throws Exception {
        try (PresenceClient watcher = PresenceClient.connect(node);
                PresenceClient bystander = PresenceClient.connect(node)) {
            watcher.register("Watcher", "");
            watcher.sawNewMembers(watcher);
            bystander.sawNewMembers(watcher);
            for (String room : new String[] {"cut 1", "cut 2"}) {
                watcher.join(room);
                watcher.next("channel@member@new");
            }

            String goneId;
            RawPresence doomed = RawPresence.connect(node.port(), PresenceClient.TOKEN);
            try {
                JsonObject session = PresenceClient.parse(doomed.nextText());
                goneId = session.getJsonObject("message").getString("text");
                doomed.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@member@new\",\"member\":{\"id\":\""
                        + goneId + "\",\"name\":\"Doomed\",\"info\":\"\"}}");
                assertThat(memberId(watcher.next("member@new"))).isEqualTo(goneId);
                assertThat(memberId(bystander.next("member@new"))).isEqualTo(goneId);
                for (String room : new String[] {"cut 1", "cut 2"}) {
                    doomed.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@channel@member@new\","
                            + "\"member\":{\"id\":\"" + goneId + "\"},\"channel\":{\"name\":\"" + room + "\"}}");
                    JsonObject joined = watcher.next("channel@member@new");
                    assertThat(memberId(joined)).isEqualTo(goneId);
                }
            } finally {
                doomed.close();
            }

            Set<String> left = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonObject removed = watcher.next("channel@member@remove");
                assertThat(memberId(removed)).isEqualTo(goneId);
                left.add(channelName(removed));
            }
            assertThat(left).containsExactlyInAnyOrder("cut 1", "cut 2");
            assertThat(memberId(watcher.next("member@remove"))).isEqualTo(goneId);
            assertThat(memberId(bystander.next("member@remove")))
                    .as("the bystander shares no channel: it hears only the member@remove")
                    .isEqualTo(goneId);
        }
    }

    @Test
    void aMemberThatStopsAnsweringTheHeartbeatIsClosedAndLeaves() throws Exception {
        try (PresenceClient watcher = PresenceClient.connect(node)) {
            watcher.register("Watcher 2", "");
            watcher.next("member@new");
            watcher.join("silent room");
            watcher.next("channel@member@new");

            try (RawPresence silent = RawPresence.connect(node.port(), PresenceClient.TOKEN)) {
                String silentId = PresenceClient.parse(silent.nextText())
                        .getJsonObject("message")
                        .getString("text");
                silent.sendText(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@member@new\",\"member\":{\"name\":\"Mute\"}}");
                silent.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@channel@member@new\","
                        + "\"channel\":{\"name\":\"silent room\"}}");
                assertThat(memberId(watcher.next("member@new"))).isEqualTo(silentId);
                assertThat(memberId(watcher.next("channel@member@new"))).isEqualTo(silentId);

                // The raw client never answers a ping: the heartbeat closes it (4009), and the server tells the others.
                assertThat(silent.awaitClose()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
                silent.close();
                JsonObject left = watcher.next("channel@member@remove");
                assertThat(memberId(left)).isEqualTo(silentId);
                assertThat(channelName(left)).isEqualTo("silent room");
                assertThat(memberId(watcher.next("member@remove"))).isEqualTo(silentId);
            }
        }
    }
}
