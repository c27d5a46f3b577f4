package dev.switchboard.embedded.presence;

import static dev.switchboard.embedded.presence.PresenceClient.channelName;
import static dev.switchboard.embedded.presence.PresenceClient.errorCode;
import static dev.switchboard.embedded.presence.PresenceClient.memberId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sgc presence flows with three JDK WebSocket clients: the session id, member@new to everyone, channel joins and
 * channel publications to the channel's members only, publications to everyone, member listings, invitations, the
 * leave cascade, the error codes of the protocol, and the bounds refused with theirs.
 */
class PresenceMembersChannelsAndErrorsTest {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(builder -> builder.environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "staff.*=staff")
                    .environmentEntry(ConfigKeys.AUTH_PUBLISH, "quiet.*=staff")
                    .environmentEntry(ConfigKeys.PRESENCE_MAX_MEMBERS_PER_CHANNEL, "3")
                    .environmentEntry(ConfigKeys.PRESENCE_MAX_CHANNELS_PER_MEMBER, "2")
                    .environmentEntry(ConfigKeys.PRESENCE_MAX_NAME_LENGTH, "16")
                    .environmentEntry(ConfigKeys.PRESENCE_MAX_INVITEES, "2")
                    .environmentEntry(ConfigKeys.PRESENCE_MAX_ID_LENGTH, "8"));

    /** Three registered members, each having seen the three member@new frames. */
    private static List<PresenceClient> three() throws Exception {
        PresenceClient a = PresenceClient.connect(node);
        PresenceClient b = PresenceClient.connect(node);
        PresenceClient c = PresenceClient.connect(node);
        try {
            // One after the other: the member@new of different connections may otherwise arrive in either order.
            a.register("Ann", "a@example.com");
            for (PresenceClient client : List.of(a, b, c)) {
                client.sawNewMembers(a);
            }
            b.register("Bob", "");
            for (PresenceClient client : List.of(a, b, c)) {
                client.sawNewMembers(b);
            }
            c.register("Cy", "");
            for (PresenceClient client : List.of(a, b, c)) {
                client.sawNewMembers(c);
            }
            return List.of(a, b, c);
        } catch (Exception | AssertionError e) {
            a.close();
            b.close();
            c.close();
            throw e;
        }
    }

    /** Joins a channel and waits for the joiner's own channel@member@new. */
    private static void joined(PresenceClient client, String channel) throws Exception {
        client.join(channel);
        JsonObject frame = client.next("channel@member@new");
        assertThat(memberId(frame)).isEqualTo(client.id);
    }

    @Test
    void theSessionNamesTheMemberAndMemberNewReachesEveryConnection() throws Exception {
        try (PresenceClient a = PresenceClient.connect(node);
                PresenceClient b = PresenceClient.connect(node);
                PresenceClient c = PresenceClient.connect(node)) {
            assertThat(List.of(a.id, b.id, c.id))
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).isNotBlank());

            a.register("Ann", "a@example.com");
            for (PresenceClient client : List.of(a, b, c)) {
                JsonObject frame = client.next("member@new");
                assertThat(frame.getJsonObject("member").getString("id")).isEqualTo(a.id);
                assertThat(frame.getJsonObject("member").getString("name")).isEqualTo("Ann");
                assertThat(frame.getJsonObject("member").getString("info")).isEqualTo("a@example.com");
            }
        }
    }

    @Test
    void aChannelJoinAndAChannelPublicationReachOnlyTheChannelsMembers() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2)) {
            a.join("room 1");
            JsonObject joined = a.next("channel@member@new");
            assertThat(memberId(joined)).isEqualTo(a.id);
            assertThat(channelName(joined)).isEqualTo("room 1");

            b.join("room 1");
            assertThat(memberId(a.next("channel@member@new"))).isEqualTo(b.id);
            assertThat(memberId(b.next("channel@member@new"))).isEqualTo(b.id);

            a.publish("hello room", "room 1");
            for (PresenceClient client : List.of(a, b)) {
                JsonObject message = client.next("publish@msg");
                assertThat(message.getJsonObject("message").getString("text")).isEqualTo("hello room");
                assertThat(channelName(message)).isEqualTo("room 1");
                assertThat(memberId(message)).isEqualTo(a.id);
                assertThat(message.getJsonObject("member").getString("name")).isEqualTo("Ann");
            }

            a.publish("hello all", "");
            for (PresenceClient client : List.of(a, b, c)) {
                // c's first frame since registering is this one: neither join nor the room's message reached it.
                JsonObject message = client.next("publish@msg");
                assertThat(message.getJsonObject("message").getString("text")).isEqualTo("hello all");
                assertThat(channelName(message)).isEmpty();
            }
        }
    }

    @Test
    void getMembersListsAChannelsMembersOrEveryMember() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2)) {
            a.join("listed");
            a.next("channel@member@new");
            b.join("listed");
            a.next("channel@member@new");
            b.next("channel@member@new");

            c.getMembers("listed");
            JsonObject listing = c.next("send@members");
            assertThat(channelName(listing)).isEqualTo("listed");
            assertThat(memberId(listing)).isEqualTo(c.id);
            assertThat(listing.getJsonArray("members").getValuesAs(JsonObject.class))
                    .extracting(m -> m.getString("id"))
                    .containsExactly(a.id, b.id);

            // The members of earlier tests leave as their connections' closes are handled: asked until they left.
            long deadline = System.nanoTime() + TestClient.DEADLINE.toNanos();
            List<String> everyone;
            do {
                c.getMembers("");
                everyone = c.next("send@members").getJsonArray("members").getValuesAs(JsonObject.class).stream()
                        .map(m -> m.getString("id"))
                        .toList();
            } while (!everyone.equals(List.of(a.id, b.id, c.id)) && System.nanoTime() < deadline);
            assertThat(everyone).containsExactly(a.id, b.id, c.id);
        }
    }

    @Test
    void anInvitedMemberJoinsTheChannel() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2)) {
            a.join("room 2");
            a.next("channel@member@new");

            a.invite("room 2", c.id);
            JsonObject invitation = c.next("channel@invitation");
            assertThat(channelName(invitation)).isEqualTo("room 2");
            assertThat(memberId(invitation)).isEqualTo(a.id);

            c.join(channelName(invitation));
            assertThat(memberId(c.next("channel@member@new"))).isEqualTo(c.id);
            assertThat(memberId(a.next("channel@member@new"))).isEqualTo(c.id);

            b.publish("sentinel", "");
            assertThat(b.next("publish@msg").getJsonObject("message").getString("text"))
                    .as("b was neither invited nor told of the join")
                    .isEqualTo("sentinel");
        }
    }

    @Test
    void leavingAChannelAndLeavingAsAMemberTellTheOthers() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2)) {
            for (String room : List.of("left 1", "left 2")) {
                a.join(room);
                a.next("channel@member@new");
                b.join(room);
                a.next("channel@member@new");
                b.next("channel@member@new");
            }

            b.leave("left 1");
            for (PresenceClient client : List.of(b, a)) {
                JsonObject left = client.next("channel@member@remove");
                assertThat(memberId(left)).isEqualTo(b.id);
                assertThat(channelName(left)).isEqualTo("left 1");
            }

            b.unregister();
            JsonObject own = b.next("channel@member@remove");
            assertThat(channelName(own)).isEqualTo("left 2");
            assertThat(memberId(b.next("member@remove"))).isEqualTo(b.id);
            JsonObject left = a.next("channel@member@remove");
            assertThat(memberId(left)).isEqualTo(b.id);
            assertThat(channelName(left)).isEqualTo("left 2");
            assertThat(memberId(a.next("member@remove"))).isEqualTo(b.id);
            assertThat(memberId(c.next("member@remove")))
                    .as("c is in no channel of b's: only the member@remove reaches it")
                    .isEqualTo(b.id);

            a.getMembers("left 2");
            assertThat(a.next("send@members").getJsonArray("members").getValuesAs(JsonObject.class))
                    .extracting(m -> m.getString("id"))
                    .containsExactly(a.id);
        }
    }

    @Test
    void theProtocolsErrorCodesAnswerWhatCannotBeDone() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2);
                PresenceClient stranger = PresenceClient.connect(node)) {
            a.register("Ann again", "");
            assertThat(errorCode(a.next("error@member@channel"))).isEqualTo(1);

            stranger.join("errors");
            JsonObject notAMember = stranger.next("error@member@channel");
            assertThat(errorCode(notAMember)).isEqualTo(3);
            assertThat(channelName(notAMember)).isEqualTo("errors");
            assertThat(notAMember.getJsonObject("error").getString("text")).isEqualTo("Member not exists.");

            a.leave("nowhere");
            assertThat(errorCode(a.next("error@member@channel"))).isEqualTo(5);
            a.publish("into the void", "nowhere");
            assertThat(errorCode(a.next("error@publish@msg"))).isEqualTo(5);
            a.getMembers("nowhere");
            assertThat(errorCode(a.next("error@member@channel"))).isEqualTo(5);

            a.join("errors");
            a.next("channel@member@new");
            a.join("errors");
            assertThat(errorCode(a.next("error@member@channel"))).isEqualTo(11);

            b.leave("errors");
            assertThat(errorCode(b.next("error@member@channel"))).isEqualTo(12);

            c.join("staff.room");
            JsonObject refused = c.next("error@member@channel");
            assertThat(errorCode(refused)).isEqualTo(10);
            assertThat(channelName(refused)).isEqualTo("staff.room");

            c.join("quiet.room");
            c.next("channel@member@new");
            c.publish("shh", "quiet.room");
            JsonObject denied = c.next("error@publish@msg");
            assertThat(errorCode(denied)).isEqualTo(20);
            assertThat(denied.getJsonObject("error").getString("text"))
                    .startsWith("Publish Message request has been denied.");
        }
    }

    @Test
    void theBoundsAreRefusedWithTheirCodes() throws Exception {
        List<PresenceClient> members = three();
        try (PresenceClient a = members.get(0);
                PresenceClient b = members.get(1);
                PresenceClient c = members.get(2);
                PresenceClient d = PresenceClient.connect(node)) {
            d.register("a name longer than sixteen", "");
            assertThat(errorCode(d.next("error@member@channel"))).isEqualTo(2);
            d.register("Dee", "");
            assertThat(memberId(d.next("member@new"))).isEqualTo(d.id);
            for (PresenceClient client : List.of(a, b, c)) {
                assertThat(memberId(client.next("member@new"))).isEqualTo(d.id);
            }

            for (PresenceClient client : List.of(a, b, c)) {
                joined(client, "full");
            }
            d.join("full");
            JsonObject full = d.next("error@member@channel");
            assertThat(errorCode(full)).isEqualTo(10);
            assertThat(full.getJsonObject("error").getString("text")).contains("3 members");

            d.join("one");
            d.next("channel@member@new");
            d.join("two");
            d.next("channel@member@new");
            d.join("three");
            JsonObject tooMany = d.next("error@member@channel");
            assertThat(errorCode(tooMany)).isEqualTo(10);
            assertThat(tooMany.getJsonObject("error").getString("text")).contains("2 channels");

            d.join("bad*name");
            assertThat(errorCode(d.next("error@member@channel"))).isEqualTo(10);

            d.invite("one", a.id, b.id, c.id);
            JsonObject crowd = d.next("error@member@channel");
            assertThat(errorCode(crowd)).isEqualTo(10);
            assertThat(crowd.getJsonObject("error").getString("text")).contains("2 members");
        }
    }

    @Test
    void aPrefixedTokenIsAcceptedAndEchoed() throws Exception {
        try (var raw =
                dev.switchboard.embedded.presence.RawPresence.connect(node.port(), "myapp.presence.esegece.com")) {
            assertThat(raw.status()).isEqualTo(101);
            assertThat(raw.subprotocol()).isEqualTo("myapp.presence.esegece.com");
            assertThat(PresenceClient.parse(raw.nextText()).getString("method")).isEqualTo("sgc@presence@session");
        }
    }

    @Test
    void theIdOfAClientFrameIsAcknowledged() throws Exception {
        try (PresenceClient a = PresenceClient.connect(node)) {
            a.ws.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@get@members\",\"id\":\"q1\",\"channel\":{\"name\":\"\"}}");
            JsonObject ack = a.next("acknowledgment");
            assertThat(ack.getString("id")).isEqualTo("q1");
            assertThat(errorCode(a.next("error@member@channel"))).isEqualTo(3);
            assertThat(ack.get("id")).isNotEqualTo(JsonValue.NULL);
        }
    }

    @Test
    void framesThatBreakTheProtocolCloseTheConnection() throws Exception {
        try (PresenceClient notJson = PresenceClient.connect(node);
                PresenceClient noMethod = PresenceClient.connect(node);
                PresenceClient longId = PresenceClient.connect(node);
                RawPresence binary = RawPresence.connect(node.port(), PresenceClient.TOKEN)) {
            binary.nextText();
            notJson.ws.send("hello");
            noMethod.ws.send("{\"jsonrpc\":\"2.0\"}");
            longId.ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@get@members\",\"id\":\"123456789\"}");
            binary.sendBinary(new byte[] {1, 2, 3});

            assertThat(notJson.ws.closeCode()).isEqualTo(1002);
            assertThat(noMethod.ws.closeCode()).isEqualTo(1002);
            assertThat(longId.ws.closeCode()).isEqualTo(1002);
            assertThat(binary.awaitClose()).isEqualTo(1003);
        }
    }
}
