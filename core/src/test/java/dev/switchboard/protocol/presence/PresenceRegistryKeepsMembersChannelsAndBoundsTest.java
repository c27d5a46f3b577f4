package dev.switchboard.protocol.presence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The membership registry's joins, leaves, bounds and node removal, and the frame ids and Base64 of the wire. */
class PresenceRegistryKeepsMembersChannelsAndBoundsTest {

    private static PresenceRegistry.Member member(String id, String node) {
        return new PresenceRegistry.Member(id, "name " + id, "info " + id, node);
    }

    @Test
    void joinsAreBoundedPerChannelAndPerMemberAndReportedByKind() {
        PresenceRegistry registry = new PresenceRegistry();
        for (String id : List.of("a", "b", "c")) {
            assertThat(registry.add(member(id, "n1"))).isTrue();
        }
        assertThat(registry.add(member("a", "n1"))).isFalse();

        assertThat(registry.join("a", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.JOINED);
        assertThat(registry.join("a", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.ALREADY);
        assertThat(registry.join("b", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.JOINED);
        assertThat(registry.join("c", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.CHANNEL_FULL);
        assertThat(registry.join("a", "hall", 2, 2)).isEqualTo(PresenceRegistry.Join.JOINED);
        assertThat(registry.join("a", "attic", 2, 2)).isEqualTo(PresenceRegistry.Join.MEMBER_FULL);
        assertThat(registry.join("x", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.NO_MEMBER);

        assertThat(registry.members("room", 10))
                .extracting(PresenceRegistry.Member::id)
                .containsExactly("a", "b");
        assertThat(registry.members("", 2))
                .extracting(PresenceRegistry.Member::id)
                .containsExactly("a", "b");
        assertThat(registry.channelCounts()).containsEntry("room", 2).containsEntry("hall", 1);

        assertThat(registry.leave("c", "room")).isEqualTo(PresenceRegistry.Leave.NOT_IN);
        assertThat(registry.leave("c", "nowhere")).isEqualTo(PresenceRegistry.Leave.NO_CHANNEL);
        assertThat(registry.leave("b", "room")).isEqualTo(PresenceRegistry.Leave.LEFT);
        assertThat(registry.join("c", "room", 2, 2)).isEqualTo(PresenceRegistry.Join.JOINED);
    }

    @Test
    void removingAMemberOrANodeTakesItOutOfEveryChannel() {
        PresenceRegistry registry = new PresenceRegistry();
        registry.add(member("a", "n1"));
        registry.add(member("b", "n2"));
        registry.add(member("c", "n2"));
        registry.join("a", "room", 10, 10);
        registry.join("b", "room", 10, 10);
        registry.join("b", "hall", 10, 10);
        registry.join("c", "hall", 10, 10);

        PresenceRegistry.Removal removal = registry.remove("a");
        assertThat(removal.channels()).containsExactly("room");
        assertThat(registry.remove("a")).isNull();

        List<PresenceRegistry.Removal> lost = registry.removeNode("n2");
        assertThat(lost).extracting(r -> r.member().id()).containsExactly("b", "c");
        assertThat(lost.get(0).channels()).containsExactly("room", "hall");
        assertThat(registry.exists("room")).isFalse();
        assertThat(registry.exists("hall")).isFalse();
        assertThat(registry.memberCount()).isZero();
    }

    @Test
    void anAcknowledgmentIdGoesIntoTheFrameAndBase64CoversTheTexts() {
        PresenceWire wire = new PresenceWire(true);
        String frame = wire.published(new PresenceWire.Member("m1", "Zoë", ""), "room \"1\"", "hi");
        JsonObject parsed = Json.createReader(new StringReader(PresenceWire.withId(frame, "x\"y")))
                .readObject();

        assertThat(parsed.getString("id")).isEqualTo("x\"y");
        assertThat(parsed.getString("method")).isEqualTo(PresenceWire.PUBLISH_MSG);
        assertThat(PresenceWire.decode(parsed.getJsonObject("member").getString("name")))
                .isEqualTo("Zoë");
        assertThat(PresenceWire.decode(parsed.getJsonObject("channel").getString("name")))
                .isEqualTo("room \"1\"");
        assertThat(parsed.getJsonObject("member").getString("id")).isEqualTo("m1");
        assertThat(PresenceWire.decode("plain")).isEqualTo("plain");
    }
}
