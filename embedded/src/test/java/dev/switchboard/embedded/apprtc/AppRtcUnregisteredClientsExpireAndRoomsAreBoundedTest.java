package dev.switchboard.embedded.apprtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node holds at most {@code switchboard.apprtc.max-rooms} rooms (one more join gets FULL), and a client that joins
 * over HTTP but registers no WebSocket within {@code switchboard.apprtc.register-timeout} is removed, so its room
 * closes and a new one fits.
 */
class AppRtcUnregisteredClientsExpireAndRoomsAreBoundedTest {

    @RegisterExtension
    static final RunningNode node =
            RunningNode.perClass(Map.of(ConfigKeys.APPRTC_MAX_ROOMS, "2", ConfigKeys.APPRTC_REGISTER_TIMEOUT, "1"));

    private final RoomApi api = new RoomApi(node, "/apprtc");

    @Test
    void aThirdRoomIsFullUntilTheUnregisteredClientsExpire() throws Exception {
        String first = api.join("one").getString("client_id");
        api.join("two");
        assertThat(api.postJson("/join/three", "").getString("result")).isEqualTo("FULL");
        Await.until(
                "the unregistered clients to expire",
                Duration.ofSeconds(15),
                () -> api.message("one", first, "{\"type\":\"offer\"}").equals("UNKNOWN_ROOM"));
        assertThat(api.join("three").getString("is_initiator")).isEqualTo("true");
    }
}
