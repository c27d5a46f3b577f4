package dev.switchboard.embedded.apprtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an AppRTC client sends is bounded and refused clearly, on a room API moved to {@code /rooms}: a body over the
 * signal bound is 413, a message that is not a JSON object {@code INVALID_MESSAGE}, messages held beyond the queue
 * bound {@code QUEUE_FULL}, candidates beyond theirs {@code TOO_MANY_CANDIDATES}, unknown clients and rooms their
 * results; on the collider, unknown commands, sends before a register and registers of unknown clients get an
 * {@code error}, a register the subscribe rules refuse closes with 4503, the publish rules refuse a send, and a binary
 * frame closes with 1003.
 */
class AppRtcRoomApiRefusesWhatIsOverItsBoundsTest {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(builder -> builder.environmentEntry(ConfigKeys.APPRTC_PATH, "/rooms")
                    .environmentEntry(ConfigKeys.WEBRTC_MAX_SDP_BYTES, "1024")
                    .environmentEntry(ConfigKeys.WEBRTC_MAX_CANDIDATES, "2")
                    .environmentEntry(ConfigKeys.APPRTC_MAX_QUEUED, "2")
                    .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "apprtc/staff*=staff")
                    .environmentEntry(ConfigKeys.AUTH_PUBLISH, "apprtc/quiet*=staff"));

    private final RoomApi api = new RoomApi(node, "/rooms");

    private static String candidate(int i) {
        return "{\"type\":\"candidate\",\"label\":0,\"id\":\"0\",\"candidate\":\"candidate:" + i
                + " 1 udp 1 127.0.0.1 9 typ host\"}";
    }

    @Test
    void httpMessagesOverTheirBoundsAreRefused() throws Exception {
        assertThat(node.get("/apprtc/iceservers").statusCode()).isEqualTo(404);
        assertThat(node.get("/rooms/iceservers").body()).isEqualTo("{\"iceServers\":[]}");
        String ann = api.join("sizes").getString("client_id");
        assertThat(api.post("/message/sizes/" + ann, "{\"sdp\":\"" + "x".repeat(1100) + "\"}")
                        .statusCode())
                .isEqualTo(413);
        assertThat(api.message("sizes", ann, "not json")).isEqualTo("INVALID_MESSAGE");
        assertThat(api.message("sizes", ann, candidate(1))).isEqualTo("SUCCESS");
        assertThat(api.message("sizes", ann, candidate(2))).isEqualTo("SUCCESS");
        // Nobody else is in the room: at most two messages wait for the next joiner.
        assertThat(api.message("sizes", ann, "{\"type\":\"offer\"}")).isEqualTo("QUEUE_FULL");
        assertThat(api.message("sizes", "0123456789abcdef", "{\"type\":\"offer\"}"))
                .isEqualTo("UNKNOWN_CLIENT");
        assertThat(api.message("no-such-room", ann, "{\"type\":\"offer\"}")).isEqualTo("UNKNOWN_ROOM");

        String bob = api.join("sizes").getString("client_id");
        try (TestClient.Recorder bobSocket = api.collider()) {
            RoomApi.register(bobSocket, "sizes", bob);
            assertThat(api.message("sizes", ann, "{\"type\":\"offer\"}")).isEqualTo("SUCCESS");
            assertThat(RoomApi.next(bobSocket).getString("msg")).isEqualTo("{\"type\":\"offer\"}");
            assertThat(api.message("sizes", ann, candidate(3))).isEqualTo("TOO_MANY_CANDIDATES");
            assertThat(api.postJson("/leave/sizes/" + ann, "").getString("result"))
                    .isEqualTo("SUCCESS");
        }
    }

    @Test
    void colliderFramesOverTheirBoundsGetAnError() throws Exception {
        String ann = api.join("collider").getString("client_id");
        try (TestClient.Recorder socket = api.collider()) {
            socket.send("{\"cmd\":\"dance\"}");
            assertThat(RoomApi.next(socket).getString("error")).contains("register and send");
            RoomApi.send(socket, "{\"type\":\"offer\"}");
            assertThat(RoomApi.next(socket).getString("error")).isEqualTo("register first");
            RoomApi.register(socket, "collider", "0123456789abcdef");
            assertThat(RoomApi.next(socket).getString("error")).isEqualTo("UNKNOWN_CLIENT");
            RoomApi.register(socket, "collider", ann);
            RoomApi.send(socket, "{\"sdp\":\"" + "x".repeat(1100) + "\"}");
            assertThat(RoomApi.next(socket).getString("error")).isEqualTo("INVALID_MESSAGE");
            socket.send("{\"cmd\":\"send\",\"msg\":\"" + "y".repeat(3000) + "\"}");
            assertThat(RoomApi.next(socket).getString("error")).contains("at most");
            socket.sendBinary(ByteBuffer.wrap(new byte[] {1}));
            assertThat(socket.closeCode()).isEqualTo(1003);
        }
    }

    @Test
    void thePermissionRulesSeeApprtcRoomNames() throws Exception {
        String staff = api.join("staff-room").getString("client_id");
        try (TestClient.Recorder socket = api.collider()) {
            RoomApi.register(socket, "staff-room", staff);
            assertThat(RoomApi.next(socket).getString("error")).startsWith("forbidden");
            assertThat(socket.closeCode()).isEqualTo(4503);
        }
        String quiet = api.join("quiet-room").getString("client_id");
        try (TestClient.Recorder socket = api.collider()) {
            RoomApi.register(socket, "quiet-room", quiet);
            RoomApi.send(socket, "{\"type\":\"offer\"}");
            assertThat(RoomApi.next(socket).getString("error")).startsWith("forbidden");
        }
    }
}
