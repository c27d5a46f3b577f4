package dev.switchboard.embedded.apprtc;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The AppRTC room HTTP API and collider WebSocket, driven with the JDK HttpClient and WebSocket client. */
final class RoomApi {

    private final RunningNode node;
    private final String path;

    RoomApi(RunningNode node, String path) {
        this.node = node;
        this.path = path;
    }

    HttpResponse<String> post(String relative, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.http(path + relative))
                .timeout(Await.DEADLINE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return node.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    JsonObject postJson(String relative, String body) throws Exception {
        HttpResponse<String> response = post(relative, body);
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "POST " + relative + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** Joins a room that must take the client; returns the params. */
    JsonObject join(String room) throws Exception {
        JsonObject answer = postJson("/join/" + room, "");
        if (!"SUCCESS".equals(answer.getString("result"))) {
            throw new AssertionError("the join of " + room + " was answered " + answer);
        }
        return answer.getJsonObject("params");
    }

    String message(String room, String client, String message) throws Exception {
        return postJson("/message/" + room + "/" + client, message).getString("result");
    }

    TestClient.Recorder collider() throws Exception {
        return TestClient.connect(node.client(), node.ws("/"), Map.of(), "apprtc.esegece.com");
    }

    static void register(TestClient.Recorder socket, String room, String client) {
        socket.send(Json.createObjectBuilder()
                .add("cmd", "register")
                .add("roomid", room)
                .add("clientid", client)
                .build()
                .toString());
    }

    static void send(TestClient.Recorder socket, String message) {
        socket.send(Json.createObjectBuilder()
                .add("cmd", "send")
                .add("msg", message)
                .build()
                .toString());
    }

    /** The next collider frame: {@code msg} and {@code error}. */
    static JsonObject next(TestClient.Recorder socket) throws InterruptedException {
        return parse(socket.nextText());
    }

    static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
