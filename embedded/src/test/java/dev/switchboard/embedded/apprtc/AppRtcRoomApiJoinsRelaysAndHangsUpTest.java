package dev.switchboard.embedded.apprtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AppRTC room HTTP API with the JDK HttpClient and the collider role with JDK WebSockets against a real server: the
 * first joiner is the initiator, its messages are held for the second and returned in its join, a third joiner gets
 * FULL, messages cross between the registered WebSockets in the collider's {@code {"msg","error"}} shape (also those
 * posted over HTTP, and those held until a register), the peer connection configuration carries the configured ICE
 * servers, and a bye or a leave hangs up: the other client gets a bye and its WebSocket is closed with 1000.
 */
class AppRtcRoomApiJoinsRelaysAndHangsUpTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.environmentEntry(
            ConfigKeys.WEBRTC_ICE_SERVERS,
            "[{\"urls\":[\"stun:stun.example.org:3478\",\"turn:turn.example.org:3478\"],\"username\":\"apprtc\","
                    + "\"credential\":\"secret\"}]"));

    private final RoomApi api = new RoomApi(node, "/apprtc");

    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}";
    private static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}";
    private static final String CANDIDATE =
            "{\"type\":\"candidate\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}";

    @Test
    void theSecondJoinerGetsTheInitiatorsMessagesAndTheCollidersRelayBothWays() throws Exception {
        JsonObject ann = api.join("room-1");
        assertThat(ann.getString("is_initiator")).isEqualTo("true");
        assertThat(ann.getString("room_id")).isEqualTo("room-1");
        assertThat(ann.getString("room_link")).isEqualTo("http://127.0.0.1:" + node.port() + "/apprtc/r/room-1");
        assertThat(ann.getString("wss_url")).isEqualTo("ws://127.0.0.1:" + node.port() + "/");
        assertThat(ann.getJsonArray("messages")).isEmpty();
        JsonObject pcConfig = RoomApi.parse(ann.getString("pc_config"));
        JsonObject server = pcConfig.getJsonArray("iceServers").getJsonObject(0);
        assertThat(server.getJsonArray("urls").getValuesAs(JsonString::getString))
                .containsExactly("stun:stun.example.org:3478", "turn:turn.example.org:3478");
        assertThat(server.getString("credential")).isEqualTo("secret");
        assertThat(pcConfig.getString("bundlePolicy")).isEqualTo("max-bundle");
        String annId = ann.getString("client_id");

        assertThat(api.message("room-1", annId, OFFER)).isEqualTo("SUCCESS");
        assertThat(api.message("room-1", annId, CANDIDATE)).isEqualTo("SUCCESS");

        JsonObject bob = api.join("room-1");
        assertThat(bob.getString("is_initiator")).isEqualTo("false");
        assertThat(bob.getJsonArray("messages").getValuesAs(JsonString::getString))
                .containsExactly(OFFER, CANDIDATE);
        String bobId = bob.getString("client_id");
        assertThat(bobId).isNotEqualTo(annId);
        assertThat(api.postJson("/join/room-1", "").getString("result")).isEqualTo("FULL");

        try (TestClient.Recorder annSocket = api.collider();
                TestClient.Recorder bobSocket = api.collider()) {
            RoomApi.register(annSocket, "room-1", annId);
            RoomApi.register(bobSocket, "room-1", bobId);
            RoomApi.send(bobSocket, ANSWER);
            JsonObject relayed = RoomApi.next(annSocket);
            assertThat(relayed.getString("msg")).isEqualTo(ANSWER);
            assertThat(relayed.getString("error")).isEmpty();

            // The initiator's later messages over HTTP reach the callee's WebSocket.
            assertThat(api.message("room-1", annId, CANDIDATE)).isEqualTo("SUCCESS");
            assertThat(RoomApi.next(bobSocket).getString("msg")).isEqualTo(CANDIDATE);

            // A bye hangs up: the other client hears it and is closed (close-session-on-hangup by default).
            RoomApi.send(bobSocket, "{\"type\":\"bye\"}");
            assertThat(RoomApi.parse(RoomApi.next(annSocket).getString("msg")).getString("type"))
                    .isEqualTo("bye");
            assertThat(annSocket.closeCode()).isEqualTo(1000);
            // Both have left: the room is gone.
            Await.until(
                    "room-1 to be gone",
                    () -> api.message("room-1", annId, OFFER).equals("UNKNOWN_ROOM"));
        }
    }

    @Test
    void messagesForAClientThatHasNotRegisteredWaitForItsRegister() throws Exception {
        String ann = api.join("room-2").getString("client_id");
        String bob = api.join("room-2").getString("client_id");
        try (TestClient.Recorder annSocket = api.collider();
                TestClient.Recorder bobSocket = api.collider()) {
            RoomApi.register(annSocket, "room-2", ann);
            RoomApi.send(annSocket, OFFER);
            // Frames of one connection are handled in order: the answer to this one means the offer was handled.
            annSocket.send("{\"cmd\":\"ping\"}");
            assertThat(RoomApi.next(annSocket).getString("error")).isNotEmpty();
            assertThat(api.message("room-2", ann, CANDIDATE)).isEqualTo("SUCCESS");
            RoomApi.register(bobSocket, "room-2", bob);
            assertThat(RoomApi.next(bobSocket).getString("msg")).isEqualTo(OFFER);
            assertThat(RoomApi.next(bobSocket).getString("msg")).isEqualTo(CANDIDATE);

            // A leave over HTTP is a hang-up too.
            assertThat(api.postJson("/leave/room-2/" + ann, "").getString("result"))
                    .isEqualTo("SUCCESS");
            assertThat(RoomApi.next(bobSocket).getString("msg")).isEqualTo("{\"type\":\"bye\"}");
            assertThat(bobSocket.closeCode()).isEqualTo(1000);
            Await.until(
                    "room-2 to be gone", () -> api.message("room-2", bob, OFFER).equals("UNKNOWN_ROOM"));
        }
    }

    @Test
    void theIceServersAreServedAndTheRoomPageLoadsTheRoomScript() throws Exception {
        JsonObject ice = RoomApi.parse(node.get("/apprtc/iceservers").body());
        assertThat(ice.getJsonArray("iceServers").getJsonObject(0).getString("username"))
                .isEqualTo("apprtc");
        assertThat(RoomApi.parse(api.post("/iceservers", "").body())).isEqualTo(ice);

        var page = node.get("/apprtc/r/my-room");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body())
                .contains("data-apprtc-room=\"my-room\"")
                .contains("data-apprtc-api=\"/apprtc\"")
                .contains("<script src=\"/apprtc.esegece.com.js\"></script>");
        assertThat(node.get("/apprtc.esegece.com.js").statusCode()).isEqualTo(200);
        assertThat(node.get("/apprtc/nothing-here").statusCode()).isEqualTo(404);
        assertThat(node.get("/apprtc/join/my-room").statusCode()).isEqualTo(405);
        var invalid = api.post("/join/bad.room", "");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(RoomApi.parse(invalid.body()).getString("result")).isEqualTo("INVALID_ROOM");
    }
}
