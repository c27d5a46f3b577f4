package dev.switchboard.embedded.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With acknowledgments on, every server frame carries an id and is sent again until the client acknowledges it;
 * with Base64 on, names, infos, channel names and texts travel as {@code sgc@b64:} values both ways.
 */
class PresenceAcknowledgmentsAndBase64Test {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(builder -> builder.environmentEntry(ConfigKeys.PRESENCE_ACK_ENABLED, "true")
                    .environmentEntry(ConfigKeys.PRESENCE_ACK_INTERVAL, "1")
                    .environmentEntry(ConfigKeys.PRESENCE_ACK_TIMEOUT, "1")
                    .environmentEntry(ConfigKeys.PRESENCE_ENCODE_BASE64, "true"));

    private static String b64(String text) {
        return "sgc@b64:" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void ack(PresenceClient client, JsonObject frame) {
        client.ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@acknowledgment\",\"id\":\""
                + frame.getString("id") + "\"}");
    }

    /**
     * The next frame that is not the removal of another member: the other test's clients are removed once their
     * close has finished, which may be after this test's client has joined, and that removal is re-sent to it until
     * acknowledged.
     */
    private static String nextOwn(TestClient.Recorder ws, String memberId) throws InterruptedException {
        while (true) {
            String text = ws.nextText();
            JsonObject frame = PresenceClient.parse(text);
            if (!frame.getString("method").equals("sgc@presence@member@remove")
                    || frame.getJsonObject("member").getString("id").equals(memberId)) {
                return text;
            }
        }
    }

    @Test
    void anUnacknowledgedFrameIsSentAgainAndAnAcknowledgedOneIsNot() throws Exception {
        try (TestClient.Recorder ws =
                TestClient.connect(node.client(), node.ws("/"), java.util.Map.of(), PresenceClient.TOKEN)) {
            JsonObject session = PresenceClient.parse(ws.nextText());
            assertThat(session.getString("method")).isEqualTo("sgc@presence@session");
            String sessionId = session.getString("id");
            assertThat(sessionId).isNotBlank();
            String memberId = session.getJsonObject("message").getString("text");

            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@member@new\",\"member\":{\"id\":\"" + memberId
                    + "\",\"name\":\"Ann\",\"info\":\"\"}}");
            JsonObject memberNew = PresenceClient.parse(ws.nextContaining("sgc@presence@member@new"));
            String memberNewId = memberNew.getString("id");
            assertThat(memberNewId).isNotEqualTo(sessionId);

            // The session is acknowledged, member@new is not: the next re-sent frame is member@new's, with its id.
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@acknowledgment\",\"id\":\"" + sessionId + "\"}");
            JsonObject again = PresenceClient.parse(nextOwn(ws, memberId));
            if (again.getString("method").equals("sgc@presence@session")) {
                // A re-send of the session may have been under way before the acknowledgment arrived; one at most.
                again = PresenceClient.parse(nextOwn(ws, memberId));
            }
            assertThat(again.getString("method")).isEqualTo("sgc@presence@member@new");
            assertThat(again.getString("id")).isEqualTo(memberNewId);

            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@acknowledgment\",\"id\":\"" + memberNewId + "\"}");
            ws.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@presence@get@members\",\"id\":\"mine\",\"channel\":{\"name\":\"\"}}");
            String next;
            do {
                next = nextOwn(ws, memberId);
            } while (next.contains("\"" + memberNewId + "\"") || next.contains("\"" + sessionId + "\""));
            assertThat(PresenceClient.parse(next).getString("method")).isEqualTo("sgc@presence@acknowledgment");
            assertThat(PresenceClient.parse(next).getString("id")).isEqualTo("mine");
        }
    }

    @Test
    void namesInfosChannelsAndTextsTravelAsBase64BothWays() throws Exception {
        try (PresenceClient a = PresenceClient.connect(node);
                PresenceClient b = PresenceClient.connect(node)) {
            a.register(b64("Ann é"), "plain info");
            for (PresenceClient client : new PresenceClient[] {a, b}) {
                JsonObject frame = client.next("member@new");
                ack(client, frame);
                assertThat(frame.getJsonObject("member").getString("name")).isEqualTo(b64("Ann é"));
                assertThat(frame.getJsonObject("member").getString("info")).isEqualTo(b64("plain info"));
                assertThat(frame.getJsonObject("member").getString("id")).isEqualTo(a.id);
            }

            a.join("room b64");
            JsonObject joined = a.next("channel@member@new");
            ack(a, joined);
            assertThat(joined.getJsonObject("channel").getString("name")).isEqualTo(b64("room b64"));

            a.publish(b64("hi there"), b64("room b64"));
            JsonObject message = a.next("publish@msg");
            ack(a, message);
            assertThat(message.getJsonObject("message").getString("text")).isEqualTo(b64("hi there"));
            assertThat(message.getJsonObject("channel").getString("name")).isEqualTo(b64("room b64"));
        }
    }
}
