package dev.switchboard.embedded.webrtc;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/** A {@code webrtc.esegece.com} peer over the JDK WebSocket client, speaking the sgc envelope. */
public final class WebRtcPeer implements AutoCloseable {

    /** The WebSocket. */
    public final TestClient.Recorder socket;

    private WebRtcPeer(TestClient.Recorder socket) {
        this.socket = socket;
    }

    static WebRtcPeer connect(RunningNode node) throws Exception {
        return connect(node, "webrtc.esegece.com");
    }

    static WebRtcPeer connect(RunningNode node, String token) throws Exception {
        return new WebRtcPeer(TestClient.connect(node.client(), node.ws("/"), Map.of(), token));
    }

    /** Connects to any server, a cluster node in a JVM of its own, say. */
    public static WebRtcPeer connect(HttpClient client, URI uri) throws Exception {
        return new WebRtcPeer(TestClient.connect(client, uri, Map.of(), "webrtc.esegece.com"));
    }

    public static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    public JsonObject next() throws InterruptedException {
        return parse(socket.nextText());
    }

    public void send(JsonObject frame) {
        socket.send(frame.toString());
    }

    /** Joins a channel and returns the server's answer (the join count, or an error). */
    public JsonObject join(String channel) throws InterruptedException {
        send(request("sgc@subscribe", channel).build());
        return next();
    }

    /** Joins a channel that must take the peer, and returns the join count. */
    public int joined(String channel) throws InterruptedException {
        JsonObject answer = join(channel);
        if (!"sgc@subscribe".equals(answer.getString("method", null))) {
            throw new AssertionError("the join of " + channel + " was answered with " + answer);
        }
        return Integer.parseInt(answer.getJsonObject("params").getString("message"));
    }

    public void leave(String channel) {
        send(request("sgc@unsubscribe", channel).build());
    }

    public void signal(String channel, JsonValue signal) {
        send(request("sgc@webrtc", channel).add("webrtc", signal).build());
    }

    public static jakarta.json.JsonObjectBuilder request(String method, String channel) {
        return Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", method)
                .add(
                        "params",
                        Json.createObjectBuilder().add("channel", channel).add("message", ""));
    }

    /** The error code of a JSON-RPC error object; fails on anything else. */
    public static int errorCode(JsonObject frame) {
        if (!(frame.get("error") instanceof JsonObject error)) {
            throw new AssertionError("expected an error object, got " + frame);
        }
        return error.getInt("code");
    }

    @Override
    public void close() {
        socket.close();
    }
}
