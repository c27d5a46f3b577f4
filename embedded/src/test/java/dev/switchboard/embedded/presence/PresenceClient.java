package dev.switchboard.embedded.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.Map;

/** A presence client over the JDK WebSocket client: sends the sgc presence frames and reads them as JSON. */
final class PresenceClient implements AutoCloseable {

    static final String TOKEN = "presence.esegece.com";

    final TestClient.Recorder ws;
    final String id;

    private PresenceClient(TestClient.Recorder ws, String id) {
        this.ws = ws;
        this.id = id;
    }

    /** Connects and reads the session message, which names the member id. */
    static PresenceClient connect(RunningNode node) throws Exception {
        return connect(node, Map.of());
    }

    static PresenceClient connect(RunningNode node, Map<String, String> headers) throws Exception {
        TestClient.Recorder ws = TestClient.connect(node.client(), node.ws("/"), headers, TOKEN);
        JsonObject session = parse(ws.nextText());
        assertThat(session.getString("method")).isEqualTo("sgc@presence@session");
        return new PresenceClient(ws, session.getJsonObject("message").getString("text"));
    }

    static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObjectBuilder frame(String method) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "sgc@presence@" + method);
    }

    private JsonObjectBuilder me() {
        return Json.createObjectBuilder().add("id", id);
    }

    void send(JsonObjectBuilder frame) {
        ws.send(frame.build().toString());
    }

    void register(String name, String info) {
        send(frame("member@new").add("member", me().add("name", name).add("info", info)));
    }

    void unregister() {
        send(frame("member@remove").add("member", me()));
    }

    void join(String channel) {
        send(frame("channel@member@new").add("member", me()).add("channel", channel(channel)));
    }

    void leave(String channel) {
        send(frame("channel@member@remove").add("member", me()).add("channel", channel(channel)));
    }

    void publish(String text, String channel) {
        send(frame("publish@msg")
                .add("member", me())
                .add("channel", channel(channel))
                .add("message", Json.createObjectBuilder().add("text", text)));
    }

    void getMembers(String channel) {
        send(frame("get@members").add("member", me()).add("channel", channel(channel)));
    }

    void invite(String channel, String... invitees) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        for (String invitee : invitees) {
            members.add(Json.createObjectBuilder()
                    .add("id", invitee)
                    .add("name", "")
                    .add("info", ""));
        }
        send(frame("channel@invitation")
                .add("channel", channel(channel))
                .add("member", me())
                .add("members", members));
    }

    private static JsonObjectBuilder channel(String name) {
        return Json.createObjectBuilder().add("name", name);
    }

    /** The next frame, whatever it is. */
    JsonObject next() throws InterruptedException {
        return parse(ws.nextText());
    }

    /** The next frame, which must have this method (without the {@code sgc@presence@} prefix). */
    JsonObject next(String method) throws InterruptedException {
        JsonObject frame = next();
        assertThat(frame.getString("method")).as(frame.toString()).isEqualTo("sgc@presence@" + method);
        return frame;
    }

    /** Reads the member@new frames of these members, in this order. */
    void sawNewMembers(PresenceClient... members) throws InterruptedException {
        for (PresenceClient member : members) {
            assertThat(memberId(next("member@new"))).isEqualTo(member.id);
        }
    }

    static String memberId(JsonObject frame) {
        return frame.getJsonObject("member").getString("id");
    }

    static String channelName(JsonObject frame) {
        return frame.getJsonObject("channel").getString("name");
    }

    static int errorCode(JsonObject frame) {
        return frame.getJsonObject("error").getInt("code");
    }

    @Override
    public void close() {
        ws.close();
    }
}
