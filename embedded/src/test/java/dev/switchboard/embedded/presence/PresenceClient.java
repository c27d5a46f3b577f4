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
public final class PresenceClient implements AutoCloseable {

    static final String TOKEN = "presence.esegece.com";

    /** The WebSocket. */
    public final TestClient.Recorder ws;
    /** The member id the session message gave. */
    public final String id;

    /** The members this client saw join (and itself): only their member@remove frames concern it. */
    private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PresenceClient(TestClient.Recorder ws, String id) {
        this.ws = ws;
        this.id = id;
        known.add(id);
    }

    /** Connects and reads the session message, which names the member id. */
    static PresenceClient connect(RunningNode node) throws Exception {
        return connect(node, Map.of());
    }

    static PresenceClient connect(RunningNode node, Map<String, String> headers) throws Exception {
        return connect(node.client(), node.ws("/"), headers);
    }

    /**
     * Connects to any server and reads the session message.
     *
     * @param client the HTTP client
     * @param uri    the WebSocket URI
     * @param headers extra handshake headers
     * @return the client, its member id known
     * @throws Exception when the connection or the session message fails
     */
    public static PresenceClient connect(java.net.http.HttpClient client, java.net.URI uri, Map<String, String> headers)
            throws Exception {
        TestClient.Recorder ws = TestClient.connect(client, uri, headers, TOKEN);
        JsonObject session = parse(ws.nextText());
        assertThat(session.getString("method")).isEqualTo("sgc@presence@session");
        return new PresenceClient(ws, session.getJsonObject("message").getString("text"));
    }

    public static JsonObject parse(String text) {
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

    public void register(String name, String info) {
        send(frame("member@new").add("member", me().add("name", name).add("info", info)));
    }

    public void unregister() {
        send(frame("member@remove").add("member", me()));
    }

    public void join(String channel) {
        send(frame("channel@member@new").add("member", me()).add("channel", channel(channel)));
    }

    public void leave(String channel) {
        send(frame("channel@member@remove").add("member", me()).add("channel", channel(channel)));
    }

    public void publish(String text, String channel) {
        send(frame("publish@msg")
                .add("member", me())
                .add("channel", channel(channel))
                .add("message", Json.createObjectBuilder().add("text", text)));
    }

    public void getMembers(String channel) {
        send(frame("get@members").add("member", me()).add("channel", channel(channel)));
    }

    public void invite(String channel, String... invitees) {
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
    public JsonObject next() throws InterruptedException {
        return parse(ws.nextText());
    }

    /** The next frame, which must have this method (without the {@code sgc@presence@} prefix). */
    public JsonObject next(String method) throws InterruptedException {
        while (true) {
            JsonObject frame = next();
            String got = frame.getString("method");
            if (got.equals("sgc@presence@member@remove") && !known.contains(memberId(frame))) {
                // A member of an earlier test, whose close the server handled only now: never seen here, not news.
                continue;
            }
            assertThat(got).as(frame.toString()).isEqualTo("sgc@presence@" + method);
            if (got.equals("sgc@presence@member@new")) {
                known.add(memberId(frame));
            }
            return frame;
        }
    }

    /** Reads the member@new frames of these members, in this order. */
    public void sawNewMembers(PresenceClient... members) throws InterruptedException {
        for (PresenceClient member : members) {
            assertThat(memberId(next("member@new"))).isEqualTo(member.id);
        }
    }

    public static String memberId(JsonObject frame) {
        return frame.getJsonObject("member").getString("id");
    }

    public static String channelName(JsonObject frame) {
        return frame.getJsonObject("channel").getString("name");
    }

    public static int errorCode(JsonObject frame) {
        return frame.getJsonObject("error").getInt("code");
    }

    @Override
    public void close() {
        ws.close();
    }
}
